using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Lion behaviour the generic tests do not see: the sign of an exact 0, jnp.sign's NaN, and google/automl's preset and
/// its multiplicative decay, against hand-written transcriptions.
/// </summary>
public class LionTests
{
    /// <summary>
    /// With g = 0 and m = 0, c = 0 and sign(0) = 0, so θ only decays: θ ← θ − γ·λθ. A sign that sent 0 to ±1 would
    /// move θ by γ.
    /// </summary>
    [Fact]
    public void ZeroInterpolation_HasSignZero_SoOnlyTheDecayMoves()
    {
        double[] value = [2, -3], gradient = [0, 0];
        var lion = new Lion<double>(new LionOptions { LearningRate = 0.1, WeightDecay = 0.01 });
        lion.Add("p", value, gradient);
        lion.Step();
        value.Should().Equal(2 - (0.1 * 0.01 * 2), -3 - (0.1 * 0.01 * -3));
    }

    /// <summary>
    /// Optax's jnp.sign keeps NaN: under Propagate a NaN gradient makes that element's θ NaN and leaves the others as the
    /// rule moves them. google/automl's torch.sign would give 0 and leave θ at 1 − γλ.
    /// </summary>
    [Fact]
    public void NaNGradient_MakesThetaNaN_AsJnpSign()
    {
        float[] value = [1, 1], gradient = [float.NaN, 1];
        var lion = new Lion<float>(new LionOptions { LearningRate = 0.5f, WeightDecay = 0 }) { NonFiniteGradients = NonFinitePolicy.Propagate };
        var parameter = lion.Add("p", value, gradient);
        lion.Step();
        float.IsNaN(value[0]).Should().BeTrue();
        value[1].Should().Be(0.5f);
        float.IsNaN(parameter.State[0]![0]).Should().BeTrue();
    }

    /// <summary>google/automl lion_pytorch.Lion(params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0), as its signature states.</summary>
    [Fact]
    public void GoogleAutomlPreset_HasItsDefaults()
    {
        var preset = LionOptions.GoogleAutoml;
        (preset.LearningRate, preset.Beta1, preset.Beta2, preset.WeightDecay, preset.Maximize).Should().Be((1e-4, 0.9, 0.99, 0.0, false));
        new LionOptions().Should().Be(preset with { WeightDecay = 1e-3 }, "Optax's β and λ, google/automl's γ");
    }

    /// <summary>
    /// google/automl's step, transcribed: θ ← θ·(1 − γλ); c = β1·m + (1 − β1)·g; θ ← θ − γ·sign(c); m ← β2·m + (1 − β2)·g.
    /// It equals Optax's θ − γ(sign(c) + λθ) in exact arithmetic, so on the preset with λ set the two agree to rounding
    /// over 200 steps of a quadratic.
    /// </summary>
    [Fact]
    public void GoogleAutomlDecay_AgreesWithOptaxForm()
    {
        const double Lr = 0.01, Wd = 0.3;
        double[] value = [1.5, -0.7, 0.2], gradient = new double[3];
        double[] automl = [.. value], momentum = new double[3];
        var lion = new Lion<double>(LionOptions.GoogleAutoml with { LearningRate = Lr, WeightDecay = Wd });
        lion.Add("p", value, gradient);
        for (var step = 0; step < 200; step++)
        {
            for (var i = 0; i < 3; i++)
            {
                gradient[i] = (2 * (i + 1) * value[i]) - 1;
                var g = (2 * (i + 1) * automl[i]) - 1;
                automl[i] *= 1 - (Lr * Wd);
                var c = (momentum[i] * 0.9) + (g * (1 - 0.9));
                automl[i] -= Lr * Math.Sign(c);
                momentum[i] = (momentum[i] * 0.99) + (g * (1 - 0.99));
            }

            lion.Step();
        }

        value.Should().Equal(automl, (a, b) => Math.Abs(a - b) < 1e-13);
    }

    [Fact]
    public void Functional_InvalidScalars_Throw_NamingThem()
    {
        FluentActions.Invoking(() => new LionKernel.Scalars<float>(-1, 0.9, 0.99, 0, false)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new LionKernel.Scalars<float>(1e-4, 1, 0.99, 0, false)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta1");
        FluentActions.Invoking(() => new LionKernel.Scalars<float>(1e-4, 0.9, double.NaN, 0, false)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta2");
        FluentActions.Invoking(() => new LionKernel.Scalars<float>(1e-4, 0.9, 0.99, -1e-3, false)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weightDecay");
        var act = () => LionKernel.Update<float>(new float[3], new float[3], new float[2], new LionKernel.Scalars<float>(1e-4, 0.9, 0.99, 0, false));
        act.Should().Throw<ArgumentException>().WithParameterName("momentum");
    }
}
