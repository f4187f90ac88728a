using Eskalasi.Infrastructure;

namespace Eskalasi.Tests.Security;

/// <summary>
/// The security suite's figures, one line per kind, kept in TestResults/security-summary.txt; the test project prints
/// them at the end of `dotnet test` (see its PrintSecuritySummary target) and docs/security.md quotes them.
/// </summary>
public static class SecuritySummary
{
    private static readonly object Gate = new();

    public static void Record(string kind, string line)
    {
        var file = Path.Combine(RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "TestResults", "security-summary.txt");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var lines = File.Exists(file) ? File.ReadAllLines(file).Where(l => !l.StartsWith(kind + ":")).ToList() : [];
            lines.Add($"{kind}: {line}");
            File.WriteAllLines(file, lines.Order());
        }
    }
}
