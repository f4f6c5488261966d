using BenchmarkDotNet.Running;

// `-- interleaved inference [rounds] [egru|rnn]`: the interleaved ratio runs (Interleaved.cs); anything else goes to BenchmarkDotNet.
if (args is ["interleaved", "inference", ..])
    Parsimony.Bench.InferenceComparison.Run(args.Length > 2 ? int.Parse(args[2]) : 30, args.Length > 3 ? args[3] : null);
else
    BenchmarkSwitcher.FromAssembly(typeof(Parsimony.Bench.SsiBenchmarks).Assembly).Run(args);
