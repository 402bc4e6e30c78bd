using LearningRate.Tests.Catalogue;

namespace LearningRate.Tests.Optimizers;

/// <summary>Every invalid configuration of every descriptor throws the stated exception, naming the option, with the exact message.</summary>
public class InvalidOptionsTests
{
    /// <summary>(descriptor, index of the invalid configuration, the option it names).</summary>
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var descriptor in Descriptors.All)
        {
            for (var i = 0; i < descriptor.InvalidOptions.Count; i++)
            {
                data.Add(descriptor.Name, i, descriptor.InvalidOptions[i].ParamName);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidOption_Throws_NamingIt_WithTheExactMessage(string descriptor, int index, string option)
    {
        var invalid = Descriptors.Named(descriptor).InvalidOptions[index];
        var exception = invalid.Construct.Should().Throw<ArgumentException>().Which;
        exception.GetType().Should().Be(invalid.Exception);
        exception.ParamName.Should().Be(option);

        // The runtime appends " (Parameter 'name')" and, for an out-of-range value, a line with the value.
        exception.Message.Split(Environment.NewLine)[0].Should().Be($"{invalid.Message} (Parameter '{option}')");
    }
}
