using System.Text.Json;
using System.Text.Json.Serialization;
using Eskalasi.Identity;
using Eskalasi.Organisation;

namespace Eskalasi.Infrastructure;

/// <summary>
/// Times are stored in UTC and shown in the region's zone (WIB/WITA/WIT): every time in an answer is written
/// with the offset of the signed-in user's region (API.md: "times are ISO 8601 with offset").
/// </summary>
public sealed class RegionTime(RegionDirectory regions)
{
    private static readonly AsyncLocal<TimeZoneInfo?> Current = new();

    public static TimeZoneInfo? CurrentZone => Current.Value;

    public async Task<TimeZoneInfo?> ZoneOfAsync(string region, CancellationToken ct) =>
        (await regions.FindAsync(region, ct))?.FindZone();

    /// <summary>Middleware: the zone of the caller's region for the rest of the request.</summary>
    public async Task Apply(HttpContext context, RequestDelegate next)
    {
        var region = context.User.Region();
        Current.Value = region is null ? null : await ZoneOfAsync(region, context.RequestAborted);
        try { await next(context); }
        finally { Current.Value = null; }
    }
}

public sealed class RegionTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(RegionTime.CurrentZone is { } zone ? TimeZoneInfo.ConvertTime(value, zone) : value);
}
