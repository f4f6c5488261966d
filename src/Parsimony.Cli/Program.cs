Parsimony.HostMemory.KeepFreedBlocks();
Parsimony.Cli.Console.ParentWatch.Start();
return Parsimony.Cli.Cli.Run(args);
