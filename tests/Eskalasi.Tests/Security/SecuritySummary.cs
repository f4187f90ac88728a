using Eskalasi.Infrastructure;

namespace Eskalasi.Tests.Security;

/// <summary>
/// The security suite's figures, one line per kind, kept in TestResults/security-summary.txt; the test project prints
/// them at the end of `dotnet test` (see its PrintSecuritySummary target) and docs/security.md quotes them.
/// </summary>
public static class SecuritySummary
{
    private static readonly object Gate = new();

    private static string? SummaryFile => RepositoryPaths.FindRoot() is { } root
        ? Path.Combine(root, "tests", "Eskalasi.Tests", "TestResults", "security-summary.txt")
        : null;

    /// <summary>A test run starts with no figures: a run of a few tests must not print an earlier run's.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void StartEmpty()
    {
        if (SummaryFile is { } file && File.Exists(file)) File.Delete(file);
    }

    public static void Record(string kind, string line)
    {
        var file = SummaryFile!;
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var lines = File.Exists(file) ? File.ReadAllLines(file).Where(l => !l.StartsWith(kind + ":")).ToList() : [];
            lines.Add($"{kind}: {line}");
            File.WriteAllLines(file, lines.Order());
        }
    }
}
