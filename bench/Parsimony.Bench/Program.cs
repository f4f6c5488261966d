using BenchmarkDotNet.Running;

// `-- interleaved inference [rounds] [egru|rnn]`, `-- interleaved sernn [rounds]`: the interleaved ratio runs (Interleaved.cs);
// anything else goes to BenchmarkDotNet.
if (args is ["interleaved", "inference", ..])
    Parsimony.Bench.InferenceComparison.Run(args.Length > 2 ? int.Parse(args[2]) : 30, args.Length > 3 ? args[3] : null);
else if (args is ["interleaved", "sernn", ..])
    Parsimony.Bench.SernnComparison.Run(args.Length > 2 ? int.Parse(args[2]) : 5);
else
    BenchmarkSwitcher.FromAssembly(typeof(Parsimony.Bench.SsiBenchmarks).Assembly).Run(args);
