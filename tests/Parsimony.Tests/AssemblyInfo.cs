// Tests run in parallel, one test class at a time per thread: no test may touch process-wide state. Jobs take their
// compute context and random streams explicitly (libtorch's global generator only inside RngStreams.Seeded, under a
// lock), the command line is run with its own writers (CliTests.Run), and every run writes its own temporary folder.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
