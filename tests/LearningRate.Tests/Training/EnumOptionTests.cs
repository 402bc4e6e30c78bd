using LearningRate.Training;

namespace LearningRate.Tests.Training;

/// <summary>An enum-typed option or argument rejects values outside its enum, naming itself, instead of silently picking a branch.</summary>
public class EnumOptionTests
{
    [Theory]
    [InlineData(77)]
    [InlineData(-1)]
    [InlineData(2)]
    public void LearningRateFinderOptions_Mode_RejectsUndefinedValues(int value)
    {
        var act = () => new LearningRateFinderOptions { Mode = (SweepMode)value };
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Mode");
    }

    [Theory]
    [InlineData(SweepMode.Linear)]
    [InlineData(SweepMode.Exponential)]
    public void LearningRateFinderOptions_Mode_AcceptsEveryDefinedValue(SweepMode mode) =>
        new LearningRateFinderOptions { Mode = mode }.Mode.Should().Be(mode);

    [Fact]
    public void GradientClipping_NormType_RejectsUndefinedValues()
    {
        var act = () => GradientClipping.SpanNorm<float>(new float[3], (NormType)9);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("normType");
    }
}
