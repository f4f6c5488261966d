using BenchmarkDotNet.Running;

// `-- interleaved inference [rounds]`: the interleaved ratio runs (Interleaved.cs); anything else goes to BenchmarkDotNet.
if (args is ["interleaved", "inference", ..])
    Parsimony.Bench.InferenceComparison.Run(args.Length > 2 ? int.Parse(args[2]) : 30);
else
    BenchmarkSwitcher.FromAssembly(typeof(Parsimony.Bench.SsiBenchmarks).Assembly).Run(args);
