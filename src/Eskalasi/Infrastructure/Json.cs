using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eskalasi.Infrastructure;

/// <summary>docs/api.md: camelCase JSON, enum values as the lower-case words of docs/domain.md.</summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }

    /// <summary>What HTTP answers use: the above, with times in the caller's region zone.</summary>
    public static void ConfigureForHttp(JsonSerializerOptions options)
    {
        Configure(options);
        options.Converters.Add(new ResponseTimeConverter());
    }
}
