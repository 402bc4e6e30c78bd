using CsCheck;
using LearningRate.Schedules;

namespace LearningRate.Tests.Schedules;

/// <summary>
/// Monotonicity and bounds over random arguments (CsCheck): decaying schedules never rise, and every schedule
/// stays within the range its formula promises, at random steps including far past any horizon.
/// </summary>
public class SchedulePropertyTests
{
    /// <summary>
    /// Rounding slack on bounds, relative to the peak: a cosine near its trough computes the minimum plus a product
    /// of the peak-sized amplitude and a tiny (1 + cos), so its error is a few ulps of the peak, not of the minimum.
    /// </summary>
    private const double Slack = 1e-14;

    private static readonly Gen<double> s_rate = Gen.Double[1e-6, 10];
    private static readonly Gen<double> s_fraction = Gen.Double[0.01, 0.99];
    private static readonly Gen<long> s_length = Gen.Long[1, 5000];
    private static readonly Gen<long> s_step = Gen.Long[0, 1_000_000];

    [Fact]
    public void Decays_AreNonIncreasing()
    {
        Gen.Select(s_rate, s_fraction, s_length, s_step).Sample((lr, fraction, length, step) =>
        {
            Schedule[] decays =
            [
                Schedule.StepDecay(lr, length, fraction),
                Schedule.MultiStep(lr, [length, 2 * length, 3 * length], fraction),
                Schedule.Exponential(lr, fraction, length),
                Schedule.Exponential(lr, fraction, length, staircase: true),
                Schedule.InverseTime(lr, fraction, length),
                Schedule.InverseSqrt(lr, length),
                Schedule.Linear(lr, lr * fraction, length),
                Schedule.Polynomial(lr, length, 1 + fraction, lr * fraction / 2),
                Schedule.Cosine(lr, length, lr * fraction),
                Schedule.WarmupStableDecay(lr, 0, length, length, Annealing.OneMinusSqrt, lr * fraction),
            ];
            foreach (var decay in decays)
            {
                decay.At(step + 1).Should().BeLessThanOrEqualTo(decay.At(step), $"step {step}");
                decay.At(step).Should().BeLessThanOrEqualTo(decay.At(0));
            }
        });
    }

    [Fact]
    public void Warmups_AreNonDecreasingUntilTheirPeak()
    {
        Gen.Select(s_rate, s_fraction, s_length, s_step).Sample((lr, fraction, length, step) =>
        {
            var t = step % length;
            var warmup = Schedule.Warmup(length, lr, lr * fraction);
            warmup.At(t + 1).Should().BeGreaterThanOrEqualTo(warmup.At(t));
            var wsd = Schedule.WarmupStableDecay(lr, length, length, length, Annealing.Linear, lr * fraction);
            wsd.At(t + 1).Should().BeGreaterThanOrEqualTo(wsd.At(t));
            wsd.At(step).Should().BeInRange(lr * fraction, lr);
        });
    }

    [Fact]
    public void Cosines_StayBetweenMinimumAndPeak_EvenWhenContinued()
    {
        Gen.Select(s_rate, s_fraction, s_length, s_step).Sample((lr, fraction, length, step) =>
        {
            var minimum = lr * fraction;
            Schedule.Cosine(lr, length, minimum, AfterEnd.Continue).At(step).Should().BeInRange(minimum - (lr * Slack), lr * (1 + Slack));
            Schedule.CosineWarmRestarts(lr, length, 1 + (step % 3), minimum, fraction).At(step).Should().BeInRange(minimum - (lr * Slack), lr * (1 + Slack));
        });
    }

    [Fact]
    public void Cyclic_StaysBetweenBounds_MomentumInversely()
    {
        Gen.Select(s_rate, s_fraction, Gen.Long[1, 500], Gen.Long[1, 500], s_step, Gen.Int[0, 2]).Sample((lr, fraction, up, down, step, mode) =>
        {
            var schedule = Schedule.Cyclic(lr * fraction, lr, up, down, (CyclicMode)mode, gamma: 0.9999, baseMomentum: 0.8, maxMomentum: 0.95);
            var value = schedule.At(step);
            value.Should().BeInRange((lr * fraction) - (lr * Slack), lr * (1 + Slack));
            var momentum = schedule.Momentum!.At(step);
            momentum.Should().BeInRange(0.8 - Slack, 0.95 + Slack);

            // Inverse: the fraction of the way from base to max is the same for the lr and, downwards, for momentum.
            var lrPosition = (value - (lr * fraction)) / (lr - (lr * fraction));
            var momentumPosition = (0.95 - momentum) / (0.95 - 0.8);
            lrPosition.Should().BeApproximately(momentumPosition, 1e-9);
        });
    }

    [Fact]
    public void OneCycle_StaysBetweenMinimumAndPeak_MomentumBetweenItsBounds()
    {
        Gen.Select(s_rate, Gen.Double[0.1, 0.45], Gen.Long[20, 100_000], s_step, Gen.Bool, Gen.Bool).Sample((lr, pct, total, step, threePhase, linear) =>
        {
            var schedule = Schedule.OneCycle(lr, total, pct, linear ? Annealing.Linear : Annealing.Cosine, threePhase: threePhase);
            var minimum = lr / 25 / 1e4;
            schedule.At(step).Should().BeInRange(minimum - (lr * Slack), lr * (1 + Slack));
            schedule.Momentum!.At(step).Should().BeInRange(0.85 - Slack, 0.95 + Slack);
            schedule.At(total - 1).Should().BeApproximately(minimum, minimum * 1e-9, "the last step uses the minimum");
        });
    }

    [Fact]
    public void SwaAnneal_MovesMonotonicallyFromItsStartToTheSwaRate()
    {
        Gen.Select(s_rate, s_rate, Gen.Long[0, 5000], s_step, Gen.Bool).Sample((start, swa, length, step, linear) =>
        {
            var schedule = Schedule.SwaAnneal(start, swa, length, linear ? Annealing.Linear : Annealing.Cosine);
            var (low, high) = (Math.Min(start, swa), Math.Max(start, swa));
            var slack = high * Slack;
            schedule.At(step).Should().BeInRange(low - slack, high + slack);
            var towards = Math.Sign(swa - start);
            (towards * (schedule.At(step + 1) - schedule.At(step))).Should().BeGreaterThanOrEqualTo(-slack, $"step {step} moves towards the SWA rate");
            schedule.At(length + step).Should().Be(swa, "the SWA rate exactly from the end of the anneal");
        });
    }

    [Fact]
    public void Sequence_IsThePieceAtItsLocalStep()
    {
        Gen.Select(s_rate, s_length, s_step).Sample((lr, milestone, step) =>
        {
            var first = Schedule.Exponential(lr, 0.999);
            var second = Schedule.Cosine(lr, 1000);
            var sequence = first.Then(second, milestone);
            sequence.At(step).Should().Be(step < milestone ? first.At(step) : second.At(step - milestone));
        });
    }

    [Fact]
    public void Clamp_AlwaysWithinBounds()
    {
        Gen.Select(s_rate, s_fraction, s_step).Sample((lr, fraction, step) =>
        {
            var clamped = Schedule.CosineWarmRestarts(lr, 100, 2).Clamp(lr * fraction / 2, lr * fraction);
            clamped.At(step).Should().BeInRange(lr * fraction / 2, lr * fraction);
        });
    }
}
