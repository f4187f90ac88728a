using Eskalasi.Issues.Evidence;
using Microsoft.AspNetCore.Components.Forms;

namespace Eskalasi.Web;

/// <summary>A file chosen in the browser, read for an evidence upload (a report's photos, an issue's attachment, a rakor's materials).</summary>
public static class BrowserFiles
{
    /// <summary>Its bytes, or null when it is over <see cref="EvidenceFiles.MaxBytes"/> (such a file is refused before any move).</summary>
    public static async Task<byte[]?> ReadAsync(IBrowserFile file)
    {
        if (file.Size > EvidenceFiles.MaxBytes) return null;
        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream(EvidenceFiles.MaxBytes)) await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
