using BenchmarkDotNet.Running;

using P21.Benchmarks.EndToEnd;

// `bench <name>` runs an end-to-end bench against a sandbox child process; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "bench")
{
    return await BenchCommand.RunAsync(args[1..], CancellationToken.None).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchCommand).Assembly).Run(args);
return 0;
