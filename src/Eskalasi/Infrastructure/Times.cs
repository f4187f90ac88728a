using System.Text.Json;

namespace Eskalasi.Infrastructure;

public static class Times
{
    /// <summary>A calendar date as the API takes one: <c>yyyy-MM-dd</c> (due dates, holidays, acting periods).</summary>
    public static bool TryParseDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);

    /// <summary>
    /// Strict ISO 8601 (the JSON reader's rules), e.g. <c>2026-11-25T08:30:00+07:00</c> or <c>…Z</c>. A '+' of
    /// an offset that arrived in a query string unescaped reads as a space; it is put back.
    /// </summary>
    public static bool TryParse(string? value, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var text = value.Trim().Replace(' ', '+');
        try
        {
            time = JsonSerializer.Deserialize<DateTimeOffset>(JsonSerializer.Serialize(text));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
