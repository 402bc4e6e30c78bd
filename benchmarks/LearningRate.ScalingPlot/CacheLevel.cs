namespace LearningRate.ScalingPlot;

/// <summary>One data cache level of one core: its name (<c>L1d</c>, <c>L2</c>, <c>L3</c>) and its size in bytes.</summary>
public sealed record CacheLevel(string Name, long Bytes)
{
    /// <summary>Gets the size in binary units, e.g. <c>48 KiB</c>, <c>1 MiB</c>, <c>508 MiB</c>.</summary>
    public string Size => Format(Bytes);

    /// <summary>Writes a byte count in the largest binary unit it reaches, with at most one decimal.</summary>
    public static string Format(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return $"{bytes.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
