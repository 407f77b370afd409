using P21.Cli;

return await P21CommandLine.InvokeAsync(args);
