using System.Reflection;
using LearningRate.Optimizers;

namespace LearningRate.Checkpoints;

/// <summary>
/// Writes an options record as its kind string and each public settable property by name with a type tag,
/// and reads it back onto a copy of a group's current options, through the records' own validating setters.
/// </summary>
internal static class OptionsCodec
{
    private const byte DoubleTag = 1;
    private const byte BoolTag = 2;
    private const byte Int32Tag = 3;
    private const byte Int64Tag = 4;
    private const byte EnumTag = 5;
    private const byte NullableDoubleTag = 6;

    /// <summary>The smallest encoded option: an empty name (4), a tag (1) and a bool (1).</summary>
    private const int MinimumOptionBytes = 6;

    public static void Write(CheckpointWriter writer, OptimizerOptions options)
    {
        var properties = Properties(options);
        writer.WriteString(options.Kind);
        writer.WriteInt32(properties.Length);
        foreach (var property in properties)
        {
            writer.WriteString(property.Name);
            var value = property.GetValue(options);
            var tag = Tag(property.PropertyType);
            writer.WriteByte(tag);
            switch (tag)
            {
                case NullableDoubleTag:
                    // A presence byte, then the value (0 when absent): PyTorch's None.
                    writer.WriteByte(value is null ? (byte)0 : (byte)1);
                    writer.WriteDouble(value is double present ? present : 0);
                    break;
                case DoubleTag:
                    writer.WriteDouble((double)value!);
                    break;
                case BoolTag:
                    writer.WriteByte((bool)value! ? (byte)1 : (byte)0);
                    break;
                case Int32Tag:
                    writer.WriteInt32((int)value!);
                    break;
                case Int64Tag:
                    writer.WriteInt64((long)value!);
                    break;
                default:
                    writer.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    /// <summary>Reads saved options onto a copy of <paramref name="current"/>, validating every value; changes nothing.</summary>
    /// <remarks>Format 2 names the record by its kind string; format 1 stored its CLR type name, which public records keep.</remarks>
    public static TOptions Read<TOptions>(ref CheckpointReader reader, TOptions current, int group, int version = Checkpoint.FormatVersion)
        where TOptions : OptimizerOptions
    {
        var typeName = reader.ReadString(version == 1 ? $"the options type of group {group}" : $"the options kind of group {group}");
        var expected = version == 1 ? current.GetType().Name : current.Kind;
        if (typeName != expected)
        {
            throw new CheckpointException(
                CheckpointError.KindMismatch,
                $"Group {group} was saved with {typeName} but has {expected} here.");
        }

        var properties = Properties(current);
        var count = reader.ReadCount($"the option count of group {group}", MinimumOptionBytes);
        if (count != properties.Length)
        {
            throw new CheckpointException(
                CheckpointError.InvalidOptions,
                $"Group {group}'s {typeName} has {count} options in the checkpoint; {properties.Length} here.");
        }

        var copy = (TOptions)((OptimizerOptions)current with { });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString($"an option name of group {group}");
            var property = Array.Find(properties, p => p.Name == name);
            if (property is null || !seen.Add(name))
            {
                throw new CheckpointException(
                    CheckpointError.InvalidOptions,
                    $"Option '{name}' of group {group} is not a property of {typeName}, or appears twice.");
            }

            var tag = reader.ReadByte($"the type of option '{name}'");
            if (tag != Tag(property.PropertyType))
            {
                throw new CheckpointException(
                    CheckpointError.InvalidOptions,
                    $"Option '{name}' of group {group} was saved with type tag {tag}; {property.PropertyType.Name} needs {Tag(property.PropertyType)}.");
            }

            object? value = tag switch
            {
                NullableDoubleTag => ReadNullableDouble(ref reader, name),
                DoubleTag => reader.ReadDouble($"option '{name}'"),
                BoolTag => reader.ReadBool($"option '{name}'"),
                Int32Tag => reader.ReadInt32($"option '{name}'"),
                Int64Tag => reader.ReadInt64($"option '{name}'"),
                _ => EnumValue(property.PropertyType, reader.ReadInt64($"option '{name}'"), name, group),
            };
            try
            {
                property.SetValue(copy, value);
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
            {
                throw new CheckpointException(CheckpointError.InvalidOptions, $"Option '{name}' of group {group}: {inner.Message}", inner);
            }
        }

        try
        {
            copy.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(CheckpointError.InvalidOptions, $"The options of group {group}: {e.Message}", e);
        }

        return copy;
    }

    /// <summary>The public settable properties, by ordinal name; every options record keeps its values there.</summary>
    private static PropertyInfo[] Properties(OptimizerOptions options)
    {
        var properties = options.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
        foreach (var property in properties)
        {
            _ = Tag(property.PropertyType);
        }

        return properties;
    }

    private static byte Tag(Type type) =>
        type == typeof(double) ? DoubleTag
        : type == typeof(double?) ? NullableDoubleTag
        : type == typeof(bool) ? BoolTag
        : type == typeof(int) ? Int32Tag
        : type == typeof(long) ? Int64Tag
        : type.IsEnum ? EnumTag
        : throw new NotSupportedException($"Options of type {type.Name} cannot be checkpointed; use double, double?, bool, int, long or an enum.");

    private static double? ReadNullableDouble(ref CheckpointReader reader, string name)
    {
        var present = reader.ReadBool($"whether option '{name}' has a value");
        var value = reader.ReadDouble($"option '{name}'");
        return present ? value : null;
    }

    private static object EnumValue(Type type, long value, string name, int group)
    {
        var result = Enum.ToObject(type, value);
        if (!Enum.IsDefined(type, result))
        {
            throw new CheckpointException(CheckpointError.InvalidOptions, $"Option '{name}' of group {group} is {value}, not a defined {type.Name}.");
        }

        return result;
    }
}
