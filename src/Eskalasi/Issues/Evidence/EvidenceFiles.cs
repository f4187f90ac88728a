using System.Buffers.Binary;

namespace Eskalasi.Issues.Evidence;

/// <summary>
/// docs/domain.md "Evidence": what a file is, read from its bytes (never from its name or the type the client
/// claims), and a JPEG's location taken out of it before it is stored.
/// </summary>
public static class EvidenceFiles
{
    public const long MaxBytes = 10 * 1024 * 1024;
    /// <summary>What a person is told of a file over <see cref="MaxBytes"/>, wherever it is refused.</summary>
    public const string TooLarge = "Berkas terlalu besar: paling banyak 10 MB.";
    public const string Jpeg = "image/jpeg", Png = "image/png", Pdf = "application/pdf";

    /// <summary>JPEG, PNG or PDF by their signatures; anything else (a renamed program, a GIF, a text file) is null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : bytes.StartsWith("%PDF-"u8) ? Pdf
        : null;

    /// <summary>
    /// The GPS position a JPEG's EXIF block records, and the same JPEG with every GPS value overwritten with zeros
    /// (the rest of the EXIF — orientation, time — stays, so a phone photo is not shown sideways). A JPEG without GPS
    /// comes back unchanged with no position; a malformed EXIF block is left as it is only when it has no GPS
    /// directory that could be found.
    /// </summary>
    public static (byte[] Scrubbed, (double Lat, double Lon)? Position) TakeOutLocation(byte[] jpeg)
    {
        var copy = (byte[])jpeg.Clone();
        (double, double)? position = null;
        var at = 2; // after SOI
        while (at + 4 <= copy.Length && copy[at] == 0xFF)
        {
            var marker = copy[at + 1];
            if (marker is 0xDA or 0xD9) break; // start of scan: no more metadata
            var length = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(at + 2));
            if (length < 2 || at + 2 + length > copy.Length) break;
            if (marker == 0xE1 && length > 8 && copy.AsSpan(at + 4, 6).SequenceEqual("Exif\0\0"u8))
                position = ScrubTiff(copy.AsSpan(at + 10, length - 8)) ?? position;
            at += 2 + length;
        }
        return (copy, position);
    }

    /// <summary>Zeroes the GPS directory of a TIFF block (EXIF's structure); the position it held, when readable.</summary>
    private static (double, double)? ScrubTiff(Span<byte> tiff)
    {
        if (tiff.Length < 8) return null;
        var little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return null;
        ushort U16(Span<byte> s, int o) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s[o..]) : BinaryPrimitives.ReadUInt16BigEndian(s[o..]);
        uint U32(Span<byte> s, int o) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s[o..]) : BinaryPrimitives.ReadUInt32BigEndian(s[o..]);

        var ifd0 = (int)U32(tiff, 4);
        if (ifd0 + 2 > tiff.Length) return null;
        int? gps = null;
        for (var i = 0; i < U16(tiff, ifd0); i++)
        {
            var entry = ifd0 + 2 + i * 12;
            if (entry + 12 > tiff.Length) return null;
            if (U16(tiff, entry) == 0x8825) gps = (int)U32(tiff, entry + 8);
        }
        if (gps is not { } dir || dir + 2 > tiff.Length) return null;

        double? lat = null, lon = null;
        char latRef = 'N', lonRef = 'E';
        var count = U16(tiff, dir);
        for (var i = 0; i < count; i++)
        {
            var entry = dir + 2 + i * 12;
            if (entry + 12 > tiff.Length) break;
            var tag = U16(tiff, entry);
            var type = U16(tiff, entry + 2);
            var n = (int)U32(tiff, entry + 4);
            var size = n * type switch { 1 or 2 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 or 11 => 4, 5 or 10 or 12 => 8, _ => 1 };
            var valueAt = size <= 4 ? entry + 8 : (int)U32(tiff, entry + 8);
            if (valueAt < 0 || valueAt + size > tiff.Length) continue;
            var value = tiff.Slice(valueAt, size);
            if (tag == 1 && size >= 1) latRef = (char)value[0];
            if (tag == 3 && size >= 1) lonRef = (char)value[0];
            if (tag is 2 or 4 && type == 5 && n == 3)
            {
                var degrees = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    var denominator = U32(value, k * 8 + 4);
                    if (denominator > 0) degrees += (double)U32(value, k * 8) / denominator / Math.Pow(60, k);
                }
                if (tag == 2) lat = degrees; else lon = degrees;
            }
            value.Clear(); // the value itself, wherever it is stored
        }
        // Then the directory's entries, and it says it has none: readers find no GPS data at all.
        var entries = Math.Min(count * 12, tiff.Length - dir - 2);
        tiff.Slice(dir + 2, entries).Clear();
        if (little) BinaryPrimitives.WriteUInt16LittleEndian(tiff[dir..], 0); else BinaryPrimitives.WriteUInt16BigEndian(tiff[dir..], 0);
        return lat is { } y && lon is { } x ? (latRef == 'S' ? -y : y, lonRef == 'W' ? -x : x) : null;
    }
}
