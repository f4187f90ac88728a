namespace Eskalasi.DevDatabase;

/// <summary>The Eskalasi checkout a program runs from: the folder that holds <c>Eskalasi.sln</c>.</summary>
public static class Checkout
{
    public static string? FindRoot(params string[] startingPoints)
    {
        foreach (var start in startingPoints.Append(AppContext.BaseDirectory).Append(Directory.GetCurrentDirectory()))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Eskalasi.sln"))) return dir.FullName;
            }
        }
        return null;
    }
}
