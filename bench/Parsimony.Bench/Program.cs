using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Parsimony.Bench.SsiBenchmarks).Assembly).Run(args);
