namespace Parsimony.Analysis;

/// <summary>
/// Decoding a discrete stimulus (a position bin, a quadrant, a heading sector) from population activity, as accuracy on
/// held-out samples: Gaussian naive Bayes with exact leave-one-out, and a linear (softmax) classifier.
/// </summary>
public static class Decoders
{
    /// <summary>
    /// Leave-one-out accuracy of Gaussian naive Bayes: per class, each feature's mean and variance (plus 1e-9 × the
    /// largest feature variance, as scikit-learn) and the class prior, all recomputed without the sample being classified.
    /// </summary>
    public static double NaiveBayesLeaveOneOut(double[][] features, int[] labels, int classes)
    {
        int n = features.Length, d = features[0].Length;
        var count = new double[classes];
        var sum = new double[classes, d];
        var sumSquares = new double[classes, d];
        for (int i = 0; i < n; i++)
        {
            count[labels[i]]++;
            for (int j = 0; j < d; j++) { sum[labels[i], j] += features[i][j]; sumSquares[labels[i], j] += features[i][j] * features[i][j]; }
        }
        double maxVariance = 0;
        for (int j = 0; j < d; j++)
        {
            double m = features.Average(f => f[j]);
            maxVariance = Math.Max(maxVariance, features.Average(f => (f[j] - m) * (f[j] - m)));
        }
        double floor = 1e-9 * Math.Max(maxVariance, 1e-12);
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            int best = -1;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double own = c == labels[i] ? 1 : 0, k = count[c] - own;
                if (k < 1) continue;
                double score = Math.Log(k / (n - 1));
                for (int j = 0; j < d; j++)
                {
                    double x = features[i][j];
                    double s = sum[c, j] - own * x, ss = sumSquares[c, j] - own * x * x;
                    double mean = s / k, variance = Math.Max(ss / k - mean * mean, 0) + floor;
                    score -= 0.5 * (Math.Log(2 * Math.PI * variance) + (x - mean) * (x - mean) / variance);
                }
                if (score > bestScore) { bestScore = score; best = c; }
            }
            if (best == labels[i]) correct++;
        }
        return correct / (double)n;
    }

    /// <summary>
    /// Test accuracy of a softmax (multinomial logistic) classifier on standardised features, trained by full-batch
    /// gradient descent with a small L2 penalty on the first <c>1 − testShare</c> of a seeded shuffle, tested on the rest.
    /// </summary>
    public static double LinearClassifier(double[][] features, int[] labels, int classes, int seed = 0, double testShare = 0.2, int iterations = 300)
    {
        int n = features.Length, d = features[0].Length;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        int train = (int)(n * (1 - testShare));
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = order.Take(train).Average(i => features[i][j]);
            double sd = Math.Sqrt(order.Take(train).Average(i => (features[i][j] - mean[j]) * (features[i][j] - mean[j])));
            scale[j] = sd > 1e-12 ? 1 / sd : 0;
        }
        double[] X(int i) => Enumerable.Range(0, d).Select(j => (features[i][j] - mean[j]) * scale[j]).Append(1).ToArray();
        var xs = Enumerable.Range(0, n).Select(X).ToArray();
        var w = new double[classes, d + 1];
        var p = new double[classes];
        const double rate = 0.5, l2 = 1e-4;
        for (int it = 0; it < iterations; it++)
        {
            var gradient = new double[classes, d + 1];
            foreach (int i in order.Take(train))
            {
                Softmax(w, xs[i], p);
                for (int c = 0; c < classes; c++)
                {
                    double e = p[c] - (labels[i] == c ? 1 : 0);
                    for (int j = 0; j <= d; j++) gradient[c, j] += e * xs[i][j];
                }
            }
            for (int c = 0; c < classes; c++)
                for (int j = 0; j <= d; j++) w[c, j] -= rate * (gradient[c, j] / train + l2 * w[c, j]);
        }
        int correct = 0;
        foreach (int i in order.Skip(train))
        {
            Softmax(w, xs[i], p);
            if (Array.IndexOf(p, p.Max()) == labels[i]) correct++;
        }
        return correct / (double)(n - train);
    }

    static void Softmax(double[,] w, double[] x, double[] p)
    {
        for (int c = 0; c < p.Length; c++)
        {
            double z = 0;
            for (int j = 0; j < x.Length; j++) z += w[c, j] * x[j];
            p[c] = z;
        }
        double max = p.Max(), total = 0;
        for (int c = 0; c < p.Length; c++) total += p[c] = Math.Exp(p[c] - max);
        for (int c = 0; c < p.Length; c++) p[c] /= total;
    }
}
