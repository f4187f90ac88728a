using System.Net;

namespace Eskalasi.Identity;

/// <summary>
/// Demo mode hands anyone a token for any account: it may listen on loopback only, unless the operator says
/// <c>Eskalasi:DemoMode:AllowRemote=true</c> (a container whose published port is itself bound to loopback).
/// </summary>
public static class DemoModeGuard
{
    /// <returns>Why the service must not start, or null.</returns>
    public static string? Check(IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>("Eskalasi:DemoMode") || configuration.GetValue<bool>("Eskalasi:DemoMode:AllowRemote")) return null;
        var urls = (configuration["urls"] ?? Infrastructure.ServiceBasics.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var remote = urls.Where(url => !IsLoopback(url)).ToList();
        return remote.Count == 0 ? null
            : $"Demo mode refuses to listen on {string.Join(", ", remote)}: anyone reaching it could sign in as any account. " +
              "Listen on localhost/127.0.0.1 only, or set Eskalasi__DemoMode__AllowRemote=true if the address is not reachable from other machines.";
    }

    private static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2).Last().Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
