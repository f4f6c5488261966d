return Parsimony.Cli.Cli.Run(args);
