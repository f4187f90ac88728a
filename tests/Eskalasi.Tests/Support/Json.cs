using System.Text.Json;
using Alba;

namespace Eskalasi.Tests.Support;

public static class JsonReading
{
    public static async Task<JsonElement> ReadJson(this IScenarioResult result) =>
        JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();

    /// <summary>The names of the invalid fields of a 400 problem details answer.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    public static string? Rule(this JsonElement problem) =>
        problem.TryGetProperty("rule", out var rule) ? rule.GetString() : null;
}
