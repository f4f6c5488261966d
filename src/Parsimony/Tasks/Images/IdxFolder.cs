namespace Parsimony.Tasks.Images;

/// <summary>An IDX image folder: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>, each plain or <c>.gz</c>.</summary>
/// <param name="Train">The training set.</param>
/// <param name="Test">The test set.</param>
public sealed record IdxFolder(IdxImages Train, IdxImages Test)
{
    /// <summary>Debian's Fashion-MNIST (<c>apt install dataset-fashion-mnist</c>).</summary>
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>Reads both sets of <paramref name="folder"/>; they must have one image size.</summary>
    public static IdxFolder Load(string folder)
    {
        var train = IdxImages.Load(Find(folder, "train-images-idx3-ubyte"), Find(folder, "train-labels-idx1-ubyte"));
        var test = IdxImages.Load(Find(folder, "t10k-images-idx3-ubyte"), Find(folder, "t10k-labels-idx1-ubyte"));
        if (train.Size != test.Size) throw new ParsimonyException($"The training images are {train.Rows}×{train.Columns} but the test images {test.Rows}×{test.Columns}.");
        return new IdxFolder(train, test);
    }

    /// <summary>The number of classes of both sets.</summary>
    public int Classes => Math.Max(Train.Classes, Test.Classes);

    static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
            if (File.Exists(Path.Combine(folder, candidate))) return Path.Combine(folder, candidate);
        throw new ParsimonyException($"{folder} has no {name} (or {name}.gz): an IDX image folder holds train-images, train-labels, t10k-images and t10k-labels.");
    }
}
