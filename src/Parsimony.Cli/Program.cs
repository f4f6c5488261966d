Parsimony.HostMemory.KeepFreedBlocks();
return Parsimony.Cli.Cli.Run(args);
