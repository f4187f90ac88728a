using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eskalasi.Infrastructure;

/// <summary>
/// Times are stored in UTC and written in the zone of the reader (set per request by the Organisation area, from the
/// caller's region): every time in an answer carries that offset.
/// </summary>
public static class ResponseTimeZone
{
    private static readonly AsyncLocal<TimeZoneInfo?> Current = new();

    public static TimeZoneInfo? Zone => Current.Value;

    public static async Task Within(TimeZoneInfo? zone, Func<Task> work)
    {
        Current.Value = zone;
        try { await work(); }
        finally { Current.Value = null; }
    }
}

public sealed class ResponseTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ResponseTimeZone.Zone is { } zone ? TimeZoneInfo.ConvertTime(value, zone) : value);
}
