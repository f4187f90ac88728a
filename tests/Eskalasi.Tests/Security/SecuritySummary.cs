using Eskalasi.Infrastructure;

namespace Eskalasi.Tests.Security;

/// <summary>
/// The security suite's figures, one line per kind, kept in TestResults/security-summary.txt; the test project prints
/// them at the end of `dotnet test` (see its PrintSecuritySummary target) and docs/security.md quotes them.
/// </summary>
public static class SecuritySummary
{
    private static readonly object Gate = new();

    private static string File => Path.Combine(RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "TestResults", "security-summary.txt");

    /// <summary>A test run starts with no figures: a run of a few tests must not print an earlier run's.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void StartEmpty()
    {
        if (RepositoryPaths.FindRoot() is not null && System.IO.File.Exists(File)) System.IO.File.Delete(File);
    }

    public static void Record(string kind, string line)
    {
        var file = File;
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var lines = System.IO.File.Exists(file) ? System.IO.File.ReadAllLines(file).Where(l => !l.StartsWith(kind + ":")).ToList() : [];
            lines.Add($"{kind}: {line}");
            System.IO.File.WriteAllLines(file, lines.Order());
        }
    }
}
