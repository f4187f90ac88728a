using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Eskalasi.DevDatabase;
using System.Text.Json;

namespace Eskalasi.Benchmarks;

/// <summary>The real service, run as its own process on loopback, as a user would run it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    public HttpClient Http { get; }
    public int Pid => _process.Id;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>The service built in the same configuration as this driver (Release for a measurement; the test suite's
    /// quick run uses the Debug build it already has).</summary>
    public static string ServiceDll(string root) => Path.Combine(root, "src", "Eskalasi", "bin", Configuration, "net10.0", "Eskalasi.dll");

    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    public static async Task<ServiceProcess> StartAsync(string root, string connectionString)
    {
        var port = LocalPostgres.FreePort();
        var process = Process.Start(Info(root, connectionString, [ServiceDll(root)], port))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var service = new ServiceProcess(process, port);
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await service.Http.GetAsync("/health")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException("The service stopped during start-up.");
            await Task.Delay(250);
        }
        throw new TimeoutException("The service did not become healthy.");
    }

    /// <summary>Runs the service's own <c>generate</c> command and relays its progress.</summary>
    public static async Task GenerateAsync(string root, string connectionString, int issues, int days)
    {
        var info = Info(root, connectionString, [ServiceDll(root), "generate", "--issues", issues.ToString(), "--days", days.ToString(), "--seed", "42"], LocalPostgres.FreePort());
        using var process = Process.Start(info)!;
        _ = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
            if (line.Contains("streams written") && line.Contains('/') || line.StartsWith("Done")) Console.WriteLine("  " + line);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("generate failed");
    }

    private static ProcessStartInfo Info(string root, string connectionString, string[] args, int port)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Eskalasi__DemoMode"] = "true";
        info.Environment["Eskalasi__DemoHistory__IssuesPerRegion"] = "0";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
