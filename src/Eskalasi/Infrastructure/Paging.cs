namespace Eskalasi.Infrastructure;

/// <summary>One page of a list: <c>?page=</c> (from 1) and <c>?pageSize=</c> (1–100, 20 by default), as every list answers.</summary>
public sealed record PageRequest(int Page, int Size)
{
    public const int MaxSize = 100;
    public const int DefaultSize = 20;

    public int Skip => (Page - 1) * Size;

    /// <summary>The page asked for; an invalid value is named in <paramref name="errors"/> (400) and the default used.</summary>
    public static PageRequest Read(string? page, string? pageSize, FieldErrors errors) =>
        new(ReadInt("page", page, 1, int.MaxValue, 1, errors), ReadInt("pageSize", pageSize, 1, MaxSize, DefaultSize, errors));

    private static int ReadInt(string field, string? value, int min, int max, int fallback, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (int.TryParse(value, out var n) && n >= min && n <= max) return n;
        errors.Add(field, $"Harus bilangan bulat {min}–{(max == int.MaxValue ? "…" : max)}.");
        return fallback;
    }
}
