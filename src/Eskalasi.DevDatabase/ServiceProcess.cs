using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Eskalasi.DevDatabase;

/// <summary>
/// The real service, run as its own process on loopback, as a user would run it: for the benchmark and for the tests
/// that run several nodes on one database or stop a node the hard way.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    public HttpClient Http { get; }
    public string BaseUrl { get; }
    public int Pid { get; }
    public bool HasExited
    {
        get
        {
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; } // disposed
        }
    }

    private ServiceProcess(Process process, string baseUrl)
    {
        _process = process;
        Pid = process.Id;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        _ = process.StandardOutput.ReadToEndAsync();
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line) lock (_errors) _errors.AppendLine(line);
        });
    }

    /// <summary>What the process wrote to standard error so far (failures, for a test's message).</summary>
    public string Errors
    {
        get { lock (_errors) return _errors.ToString(); }
    }

    /// <summary>The service built in the same configuration as the caller (Release for a measurement; the test suite's
    /// runs use the Debug build it already has).</summary>
    public static string ServiceDll(string root) => Path.Combine(root, "src", "Eskalasi", "bin", Configuration, "net10.0", "Eskalasi.dll");

    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    /// <summary>
    /// Starts the service in demo mode on <paramref name="connectionString"/> (no generated history unless
    /// <paramref name="settings"/> says so) and returns once <c>/health</c> says healthy.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string root, string connectionString,
        IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var baseUrl = $"http://127.0.0.1:{port ?? LocalPostgres.FreePort()}";
        var info = Info(root, connectionString, [ServiceDll(root)], baseUrl);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var service = new ServiceProcess(Process.Start(info)!, baseUrl);
        await service.WaitHealthyAsync();
        return service;
    }

    private async Task WaitHealthyAsync()
    {
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if ((await Http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (_process.HasExited) throw new InvalidOperationException("The service stopped during start-up: " + Errors);
            await Task.Delay(250);
        }
        throw new TimeoutException("The service did not become healthy: " + Errors);
    }

    /// <summary>Runs the service's own <c>generate</c> command and relays its progress.</summary>
    public static async Task GenerateAsync(string root, string connectionString, int issues, int days,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = Info(root, connectionString, [ServiceDll(root), "generate", "--issues", issues.ToString(), "--days", days.ToString(), "--seed", "42"],
            $"http://127.0.0.1:{LocalPostgres.FreePort()}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        _ = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
            if (line.Contains("streams written") && line.Contains('/') || line.StartsWith("Done")) Console.WriteLine("  " + line);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("generate failed");
    }

    private static ProcessStartInfo Info(string root, string connectionString, string[] args, string baseUrl)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Eskalasi__DemoMode"] = "true";
        info.Environment["Eskalasi__DemoHistory__IssuesPerRegion"] = "0";
        info.Environment["Eskalasi__SeedsPath"] = Path.Combine(root, "seeds");
        info.Environment["ASPNETCORE_URLS"] = baseUrl;
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        return info;
    }

    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public async Task<string> TokenAsync(string user)
    {
        var answer = await Http.PostAsJsonAsync("/api/dev/token", new { user });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Stops the process at once, mid-request, as a machine that dies would (SIGKILL).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop, as a deployment does (SIGTERM); returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        if (kill(_process.Id, 15) != 0) throw new InvalidOperationException("SIGTERM could not be sent.");
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
