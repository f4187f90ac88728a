using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Eskalasi.DevDatabase;

/// <summary>
/// A PostgreSQL cluster of our own, made from the installed Debian binaries, for when no connection
/// string is configured: the README's run command keeps one under <c>.pgdata/</c> between runs, the
/// tests make a throwaway one and remove it when they end. The server refuses to run as root, so as
/// root every server command runs as the <c>postgres</c> user.
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    public const string DatabaseName = "eskalasi";

    private readonly string _binDir;
    private readonly bool _throwaway;
    private bool _stopped;

    public string DataDirectory { get; }
    public int Port { get; }
    public string ConnectionString { get; }

    private LocalPostgres(string binDir, string dataDirectory, int port, bool throwaway)
    {
        _binDir = binDir;
        DataDirectory = dataDirectory;
        Port = port;
        _throwaway = throwaway;
        ConnectionString =
            $"Host=127.0.0.1;Port={port};Username=postgres;Database={DatabaseName};Include Error Detail=true";
    }

    /// <summary>Starts (or reuses, when it is already running) the cluster named <paramref name="name"/>.</summary>
    public static LocalPostgres Start(string repositoryRoot, string name, bool throwaway)
    {
        var binDir = FindBinaries(Environment.GetEnvironmentVariable("ESKALASI_PG_BIN"));
        var dataDirectory = ChooseDataDirectory(repositoryRoot, name);
        var running = ReadRunningPort(binDir, dataDirectory);
        var port = running ?? FreePort();
        var cluster = new LocalPostgres(binDir, dataDirectory, port, throwaway);
        if (running is null)
        {
            cluster.InitialiseIfNeeded();
            cluster.StartServer();
        }
        else
        {
            cluster._stopped = true; // another process started it (the service, while a command runs): that one stops it
        }
        cluster.CreateDatabaseIfMissing();
        return cluster;
    }

    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        Run(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true,
            throwOnFailure: false);
        try { Directory.Delete(SocketDirectory, recursive: true); }
        catch (IOException) { /* the server may still hold it a moment; it is only an empty folder under /tmp */ }
        catch (UnauthorizedAccessException) { }
        if (_throwaway)
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* best effort: a throwaway cluster under /tmp or .pgdata */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    public void Dispose() => Stop();

    /// <summary>Stops the server and keeps everything (fault tests: the database goes away, then comes back).</summary>
    public void StopServerOnly() =>
        Run(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true, throwOnFailure: false);

    /// <summary>Starts the server again on the same port, after <see cref="StopServerOnly"/>.</summary>
    public void StartServerAgain() => StartServer();

    internal static string FindBinaries(string? configured)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured)) candidates.Add(configured);
        // ESKALASI_PG_BIN alone, when set: the one place to look (also how a missing install is tested).
        else if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        var found = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return found ?? throw new PostgresUnavailableException(
            "No database is configured and the PostgreSQL server binaries were not found (looked in " +
            "/usr/lib/postgresql/*/bin and $ESKALASI_PG_BIN). Either install them " +
            "(`apt-get update && apt-get install -y postgresql`) or point the service at an existing database " +
            "with the environment variable ConnectionStrings__Marten.");
    }

    private static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// The git-ignored <c>.pgdata/</c> folder of the checkout when the postgres user can reach it; otherwise
    /// (a checkout under root's home, which postgres cannot enter) a folder under /tmp named after the checkout.
    /// </summary>
    private static string ChooseDataDirectory(string repositoryRoot, string name)
    {
        var inRepository = Path.Combine(repositoryRoot, ".pgdata", name);
        Directory.CreateDirectory(inRepository);
        if (!IsRoot) return inRepository;

        Chown(Path.Combine(repositoryRoot, ".pgdata"));
        Chown(inRepository);
        if (Run("runuser", ["-u", "postgres", "--", "test", "-w", inRepository], asPostgres: false, throwOnFailure: false) == 0)
            return inRepository;

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(repositoryRoot)))[..10].ToLowerInvariant();
        var inTmp = Path.Combine(Path.GetTempPath(), $"eskalasi-pg-{hash}", name);
        Directory.CreateDirectory(inTmp);
        Chown(Path.GetDirectoryName(inTmp)!);
        Chown(inTmp);
        return inTmp;
    }

    private static void Chown(string path) =>
        Run("chown", ["postgres:postgres", path], asPostgres: false);

    private string SocketDirectory => Path.Combine(Path.GetTempPath(), $"eskalasi-pg-sock-{Port}");

    private void InitialiseIfNeeded()
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) return;
        Run(Path.Combine(_binDir, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8"],
            asPostgres: true);
    }

    private void StartServer()
    {
        Directory.CreateDirectory(SocketDirectory);
        if (IsRoot) Chown(SocketDirectory);
        // A throwaway cluster trades durability for speed; the demo cluster keeps its data safe. With a database per
        // region every region in use holds a connection or two of each node (its own pool, Wolverine's timer polling),
        // and a test run makes a few hundred regions: 600 connections.
        var options = $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c max_connections=600"
                      + (_throwaway ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
        Run(Path.Combine(_binDir, "pg_ctl"),
            ["-D", DataDirectory, "-o", options, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "start"],
            asPostgres: true);
    }

    private void CreateDatabaseIfMissing()
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (exists.ExecuteScalar() is not null) return;
        using var create = new NpgsqlCommand($"create database {DatabaseName}", connection);
        create.ExecuteNonQuery();
    }

    /// <summary>The port of a server already running on this data directory, from its postmaster.pid.</summary>
    private static int? ReadRunningPort(string binDir, string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        if (Run(Path.Combine(binDir, "pg_ctl"), ["-D", dataDirectory, "status"], asPostgres: true, throwOnFailure: false) != 0)
            return null;
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    /// <summary>A loopback port nobody listens on now (for a local cluster, a service process under test or benchmark).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Run(string program, IReadOnlyList<string> arguments, bool asPostgres, bool throwOnFailure = true)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres && IsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException(
                $"`{program} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
        return process.ExitCode;
    }
}

/// <summary>No database configured and no server binaries to make one: a set-up problem to tell the user plainly.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
