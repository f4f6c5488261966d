// TorchSharp's global random generator and the console are process-wide: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
