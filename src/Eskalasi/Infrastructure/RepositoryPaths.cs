namespace Eskalasi.Infrastructure;

/// <summary>Finds the checkout the service runs from, for <c>seeds/</c> and the local database folder.</summary>
public static class RepositoryPaths
{
    public static string? FindRoot(params string[] startingPoints) => Eskalasi.DevDatabase.Checkout.FindRoot(startingPoints);

    /// <summary>The configured seeds folder, else <c>seeds/</c> of the checkout, else <c>seeds/</c> beside the binaries (container image).</summary>
    public static string SeedsDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Eskalasi:SeedsPath"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        var root = FindRoot(contentRoot);
        return root is not null ? Path.Combine(root, "seeds") : Path.Combine(AppContext.BaseDirectory, "seeds");
    }
}
