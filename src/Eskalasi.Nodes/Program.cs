using Eskalasi.DevDatabase;
using Eskalasi.Nodes;

// Several Eskalasi nodes behind one address (docs/scale.md):
//   dotnet run --project src/Eskalasi.Nodes -- [--nodes 3] [--port 5080] [--demo-history 0] [--soak 120 --clients 8]
//       PostgreSQL (ConnectionStrings__Marten, else a local cluster under .pgdata/nodes), N service processes in demo
//       mode on ports port+1 … port+N, a reverse proxy on the port; reports which node fires the timers; --soak drives
//       load through the proxy, kills that node midway, starts it again, and prints the figures.
//   dotnet run --project src/Eskalasi.Nodes -- --proxy-to http://node-1:5080,http://node-2:5080 [--port 5080]
//       only the reverse proxy, in front of nodes that run elsewhere (docker-compose's "nodes" profile).
string? Arg(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
int IntArg(string flag, int fallback) => int.TryParse(Arg(flag), out var value) ? value : fallback;
var port = IntArg("--port", 5080);

if (Arg("--proxy-to") is { } destinations)
{
    await using var proxyOnly = await Proxy.StartAsync($"http://+:{port}", destinations.Split(',', StringSplitOptions.RemoveEmptyEntries));
    Console.WriteLine($"Reverse proxy on port {port} in front of {destinations}");
    await proxyOnly.WaitForShutdownAsync();
    return 0;
}

var root = Checkout.FindRoot() ?? throw new InvalidOperationException("Run from the Eskalasi checkout.");
if (!File.Exists(ServiceProcess.ServiceDll(root)))
    throw new InvalidOperationException($"The service is not built: {ServiceProcess.ServiceDll(root)} is missing.");
var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
var cluster = string.IsNullOrWhiteSpace(configured) ? LocalPostgres.Start(root, "nodes", throwaway: false) : null;
var connectionString = configured ?? cluster!.ConnectionString;

await using var nodes = await LocalNodes.StartAsync(root, connectionString, IntArg("--nodes", 3), port,
    IntArg("--demo-history", 0));
await using var proxy = await Proxy.StartAsync($"http://127.0.0.1:{port}", nodes.Addresses);
Console.WriteLine($"Reverse proxy on http://127.0.0.1:{port} in front of:");
foreach (var node in nodes.All) Console.WriteLine($"  node {node.Number}: {node.Process.BaseUrl}  pid {node.Process.Pid}  id {node.Id}");
using var stop = new CancellationTokenSource();
// Ctrl+C or SIGTERM: stop the nodes, the proxy and the cluster, in that order, before exiting.
using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
var watching = nodes.WatchAsync(Console.WriteLine, stop.Token);

var exit = 0;
if (Arg("--soak") is { } seconds)
{
    var figures = await Soak.RunAsync(nodes, new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(int.Parse(seconds)),
        IntArg("--clients", 8), Console.WriteLine);
    Console.WriteLine(figures.Report);
    exit = figures.Passed ? 0 : 1;
    stop.Cancel();
}
else
{
    Console.WriteLine("Stop a node (kill -9 <pid>) and watch its work move; Ctrl+C stops everything.");
}
try { await watching; } catch (OperationCanceledException) { }
Console.WriteLine("Stopping the nodes ...");
await nodes.DisposeAsync();
await proxy.DisposeAsync();
cluster?.Stop();
return exit;
