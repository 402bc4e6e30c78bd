namespace LearningRate.Schedules;

/// <content>The catalogue: one factory per schedule family, each a closed form of the step.</content>
public abstract partial class Schedule
{
    /// <summary>A fixed learning rate: <c>η(t) = learningRate</c>.</summary>
    /// <param name="learningRate">The value of every step.</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    public static Schedule Constant(double learningRate) =>
        new ConstantSchedule(ScheduleArguments.NonNegative(learningRate, nameof(learningRate)));

    /// <summary>
    /// Step decay: <c>η(t) = learningRate·γ^⌊t/stepSize⌋</c> (PyTorch <c>StepLR</c>; the first decay applies to step
    /// <paramref name="stepSize"/>).
    /// </summary>
    /// <param name="learningRate">The value of steps 0 to stepSize − 1.</param>
    /// <param name="stepSize">The period of the decay, in steps.</param>
    /// <param name="gamma">The factor per period; default 0.1.</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative or not finite, or <paramref name="stepSize"/> &lt; 1.</exception>
    public static Schedule StepDecay(double learningRate, long stepSize, double gamma = 0.1) =>
        new StepDecaySchedule(
            ScheduleArguments.NonNegative(learningRate, nameof(learningRate)),
            ScheduleArguments.Positive(stepSize, nameof(stepSize)),
            ScheduleArguments.NonNegative(gamma, nameof(gamma)));

    /// <summary>
    /// Multi-step decay: <c>η(t) = learningRate·γ^n(t)</c>, n(t) = the number of milestones ≤ t (PyTorch
    /// <c>MultiStepLR</c>: the decay applies <i>at</i> each milestone; a repeated milestone decays twice).
    /// </summary>
    /// <param name="learningRate">The value before the first milestone.</param>
    /// <param name="milestones">The steps at which to decay, in any order; each ≥ 0.</param>
    /// <param name="gamma">The factor per milestone; default 0.1.</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    public static Schedule MultiStep(double learningRate, IEnumerable<long> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.NonNegative(gamma, nameof(gamma));
        long[] sorted = [.. milestones];
        foreach (var milestone in sorted)
        {
            ScheduleArguments.NonNegative(milestone, nameof(milestones));
        }

        Array.Sort(sorted);
        return new MultiStepSchedule(learningRate, sorted, gamma);
    }

    /// <summary>
    /// Exponential decay (or growth): <c>η(t) = learningRate·γ^(t/T)</c>, with the exponent floored when
    /// <paramref name="staircase"/> (Keras <c>ExponentialDecay</c>, Optax <c>exponential_decay</c>). With the default
    /// T = 1 it is PyTorch's <c>ExponentialLR</c>, <c>learningRate·γ^t</c>.
    /// </summary>
    /// <param name="learningRate">The value at step 0.</param>
    /// <param name="gamma">The factor per <paramref name="transitionSteps"/> steps (Keras <c>decay_rate</c>); above 1 the schedule grows, as an LR range test does.</param>
    /// <param name="transitionSteps">T, the steps over which the factor γ applies once; default 1.</param>
    /// <param name="staircase">Whether to decay in whole steps of T (<c>γ^⌊t/T⌋</c>).</param>
    /// <returns>The schedule; no horizon. Use <see cref="Clamp"/> for Optax's <c>end_value</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative, zero where it must be positive, or not finite.</exception>
    public static Schedule Exponential(double learningRate, double gamma, long transitionSteps = 1, bool staircase = false) =>
        new ExponentialSchedule(
            ScheduleArguments.NonNegative(learningRate, nameof(learningRate)),
            ScheduleArguments.Positive(gamma, nameof(gamma)),
            ScheduleArguments.Positive(transitionSteps, nameof(transitionSteps)),
            staircase);

    /// <summary>
    /// Inverse-time decay: <c>η(t) = learningRate / (1 + rate·t/T)</c>, with <c>t/T</c> floored when
    /// <paramref name="staircase"/> (Keras <c>InverseTimeDecay</c>; with T = 1 the classic <c>η₀/(1 + k·t)</c>).
    /// </summary>
    /// <param name="learningRate">The value at step 0.</param>
    /// <param name="decayRate">The rate k.</param>
    /// <param name="decaySteps">T; default 1.</param>
    /// <param name="staircase">Whether to decay in whole steps of T.</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative or not finite, or <paramref name="decaySteps"/> &lt; 1.</exception>
    public static Schedule InverseTime(double learningRate, double decayRate, long decaySteps = 1, bool staircase = false) =>
        new InverseTimeSchedule(
            ScheduleArguments.NonNegative(learningRate, nameof(learningRate)),
            ScheduleArguments.NonNegative(decayRate, nameof(decayRate)),
            ScheduleArguments.Positive(decaySteps, nameof(decaySteps)),
            staircase);

    /// <summary>
    /// Inverse square root decay: <c>η(t) = learningRate / √((t + τ)/τ)</c>, equal to learningRate at step 0
    /// and ∝ 1/√t later (HF <c>inverse_sqrt</c> without warmup; the Transformer's schedule after its warmup).
    /// Put a warmup in front with <see cref="WithWarmup"/>.
    /// </summary>
    /// <param name="learningRate">The value at step 0.</param>
    /// <param name="timescale">τ, the step scale of the decay (HF uses the warmup length, or 10 000).</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite, or <paramref name="timescale"/> &lt; 1.</exception>
    public static Schedule InverseSqrt(double learningRate, long timescale) =>
        new InverseSqrtSchedule(
            ScheduleArguments.NonNegative(learningRate, nameof(learningRate)),
            ScheduleArguments.Positive(timescale, nameof(timescale)));

    /// <summary>
    /// A linear ramp: <c>η(t) = from + (to − from)·t/steps</c> for t ≤ steps (Optax <c>linear_schedule</c>; PyTorch
    /// <c>LinearLR</c> with from = lr·start_factor, to = lr·end_factor). Horizon: <paramref name="steps"/>.
    /// </summary>
    /// <param name="from">The value at step 0.</param>
    /// <param name="to">The value at step <paramref name="steps"/>.</param>
    /// <param name="steps">The length of the ramp.</param>
    /// <param name="afterEnd">Past the horizon: hold <paramref name="to"/> (default), continue the line (floored at 0), or throw.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, <paramref name="steps"/> &lt; 1, or <paramref name="afterEnd"/> is undefined.</exception>
    public static Schedule Linear(double from, double to, long steps, AfterEnd afterEnd = AfterEnd.Hold) =>
        new LinearSchedule(
            ScheduleArguments.NonNegative(from, nameof(from)),
            ScheduleArguments.NonNegative(to, nameof(to)),
            ScheduleArguments.Positive(steps, nameof(steps)),
            ScheduleArguments.Policy(afterEnd, nameof(afterEnd)));

    /// <summary>
    /// A linear warmup of W = <paramref name="steps"/> steps that reads well in <c>Schedule.Warmup(...).Then(...)</c>:
    /// step k &lt; W uses <c>from + (to − from)·k/(W − 1)</c>, so step W − 1, the last of the warmup, uses
    /// <paramref name="to"/>. With the default <c>from = to/W</c>, step k uses <c>to·(k + 1)/W</c>: no update uses a
    /// rate of 0. Horizon W, where <see cref="Then(Schedule)"/> hands over to the next schedule's step 0; held after it.
    /// </summary>
    /// <param name="steps">The warmup length W, the number of updates before the next schedule starts.</param>
    /// <param name="to">The value of the last warmup step (W − 1), usually the peak learning rate.</param>
    /// <param name="from">The value at step 0; <see langword="null"/> (the default) is <c>to/W</c>. Pass 0 for HF's convention (the first update uses 0); timm's <c>warmup_lr_init</c> is <paramref name="from"/>.</param>
    /// <returns>The schedule; horizon W, <paramref name="to"/> held after it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, or <paramref name="steps"/> &lt; 1.</exception>
    public static Schedule Warmup(long steps, double to, double? from = null)
    {
        ScheduleArguments.Positive(steps, nameof(steps));
        ScheduleArguments.NonNegative(to, nameof(to));
        var start = from is double given ? ScheduleArguments.NonNegative(given, nameof(from)) : to / steps;
        return new WarmupSchedule(start, to, steps);
    }

    /// <summary>
    /// Polynomial decay: <c>η(t) = (learningRate − end)·(1 − t/steps)^power + end</c> for t ≤ steps (Keras
    /// <c>PolynomialDecay</c>, Optax <c>polynomial_schedule</c>; PyTorch <c>PolynomialLR</c> is end = 0).
    /// Horizon: <paramref name="steps"/>.
    /// </summary>
    /// <param name="learningRate">The value at step 0.</param>
    /// <param name="steps">The length of the decay.</param>
    /// <param name="power">The exponent; default 1 (linear).</param>
    /// <param name="end">The value at and after <paramref name="steps"/>; default 0.</param>
    /// <param name="afterEnd">Past the horizon: hold <paramref name="end"/> (default) or throw; the formula has no continuation.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, <paramref name="steps"/> &lt; 1, or <paramref name="afterEnd"/> is <see cref="AfterEnd.Continue"/> or undefined.</exception>
    public static Schedule Polynomial(double learningRate, long steps, double power = 1, double end = 0, AfterEnd afterEnd = AfterEnd.Hold)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.Positive(steps, nameof(steps));
        ScheduleArguments.NonNegative(power, nameof(power));
        ScheduleArguments.NonNegative(end, nameof(end));
        if (ScheduleArguments.Policy(afterEnd, nameof(afterEnd)) == AfterEnd.Continue)
        {
            throw new ArgumentOutOfRangeException(nameof(afterEnd), afterEnd, "A polynomial decay cannot continue past its end ((1 − t/T)^p is undefined there); use Hold or Throw.");
        }

        return new PolynomialSchedule(learningRate, end, steps, power, afterEnd);
    }

    /// <summary>
    /// Cosine annealing: <c>η(t) = minimum + (learningRate − minimum)·(1 + cos(πt/steps))/2</c> for t ≤ steps
    /// (SGDR without restarts; Optax <c>cosine_decay_schedule</c> with α = minimum/learningRate). Horizon:
    /// <paramref name="steps"/>.
    /// </summary>
    /// <param name="learningRate">The value at step 0.</param>
    /// <param name="steps">T, the step at which <paramref name="minimum"/> is reached.</param>
    /// <param name="minimum">The final value (PyTorch <c>eta_min</c>); default 0.</param>
    /// <param name="afterEnd">
    /// Past the horizon: hold <paramref name="minimum"/> (default, Optax and Keras), continue the cosine, which
    /// rises again with period 2T (PyTorch <c>CosineAnnealingLR</c>), or throw.
    /// </param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, <paramref name="steps"/> &lt; 1, or <paramref name="afterEnd"/> is undefined.</exception>
    public static Schedule Cosine(double learningRate, long steps, double minimum = 0, AfterEnd afterEnd = AfterEnd.Hold) =>
        new CosineSchedule(
            ScheduleArguments.NonNegative(learningRate, nameof(learningRate)),
            ScheduleArguments.Positive(steps, nameof(steps)),
            ScheduleArguments.NonNegative(minimum, nameof(minimum)),
            ScheduleArguments.Policy(afterEnd, nameof(afterEnd)));

    /// <summary>
    /// Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter 2016): cycle i (0-based) lasts
    /// <c>T_i = period·periodMultiplier^i</c> steps and, at position τ in it,
    /// <c>η = minimum + (learningRate − minimum)·amplitudeDecay^i·(1 + cos(πτ/T_i))/2</c>. With the defaults it is
    /// PyTorch's <c>CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)</c>; amplitudeDecay is Keras's <c>m_mul</c>.
    /// </summary>
    /// <param name="learningRate">The value at step 0 and at each restart (before amplitude decay).</param>
    /// <param name="period">T_0, the length of the first cycle; restarts happen at T_0, T_0(1 + T_mult), ...</param>
    /// <param name="periodMultiplier">T_mult ≥ 1, the growth of the cycle length; default 1.</param>
    /// <param name="minimum">The value approached at the end of each cycle; default 0.</param>
    /// <param name="amplitudeDecay">The factor on the amplitude above <paramref name="minimum"/> per restart; default 1.</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, <paramref name="period"/> &lt; 1, or <paramref name="periodMultiplier"/> &lt; 1.</exception>
    public static Schedule CosineWarmRestarts(double learningRate, long period, double periodMultiplier = 1, double minimum = 0, double amplitudeDecay = 1)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.Positive(period, nameof(period));
        if (!(periodMultiplier >= 1) || double.IsInfinity(periodMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(periodMultiplier), periodMultiplier, $"periodMultiplier must be a finite number >= 1; got {periodMultiplier}.");
        }

        ScheduleArguments.NonNegative(minimum, nameof(minimum));
        ScheduleArguments.NonNegative(amplitudeDecay, nameof(amplitudeDecay));
        return new WarmRestartsSchedule(learningRate, period, periodMultiplier, minimum, amplitudeDecay);
    }

    /// <summary>
    /// A cyclical learning rate (Smith 2017; PyTorch <c>CyclicLR</c>) with one of the built-in amplitude policies.
    /// With S = up + down, cycle <c>c = ⌊1 + t/S⌋</c>, <c>x = 1 + t/S − c</c>, ramp <c>h = x/r</c> if x ≤ r else
    /// <c>(x − 1)/(r − 1)</c> (r = up/S): <c>η = base + (max − base)·h·f</c>, f from <paramref name="mode"/>.
    /// <see cref="Momentum"/> cycles inversely: <c>m = maxMomentum − (maxMomentum − baseMomentum)·h·f</c>.
    /// </summary>
    /// <param name="baseLearningRate">The lower bound, the value at step 0 and at each cycle's start.</param>
    /// <param name="maxLearningRate">The upper bound, reached at step <paramref name="stepSizeUp"/> of each cycle (before scaling).</param>
    /// <param name="stepSizeUp">Steps in the rising half; default 2000.</param>
    /// <param name="stepSizeDown">Steps in the falling half; default <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">The amplitude policy; default <see cref="CyclicMode.Triangular"/>.</param>
    /// <param name="gamma">γ of <see cref="CyclicMode.ExpRange"/>, per step; default 1.</param>
    /// <param name="baseMomentum">The momentum at the learning-rate peak; default 0.8.</param>
    /// <param name="maxMomentum">The momentum at each cycle's start; default 0.9.</param>
    /// <param name="cycleMomentum">
    /// Whether the schedule cycles momentum (PyTorch's <c>cycle_momentum</c>, default true): binding it as a group's
    /// <c>Schedule</c> then binds <see cref="Momentum"/> as the group's momentum schedule, and throws for an optimizer
    /// without momentum or β1 (AdaGrad), as PyTorch raises; false builds it without <see cref="Momentum"/>.
    /// </param>
    /// <returns>The schedule, with its <see cref="Momentum"/> companion unless <paramref name="cycleMomentum"/> is false; no horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, a step size &lt; 1, or <paramref name="mode"/> is undefined.</exception>
    public static Schedule Cyclic(
        double baseLearningRate,
        double maxLearningRate,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double gamma = 1,
        double baseMomentum = 0.8,
        double maxMomentum = 0.9,
        bool cycleMomentum = true)
    {
        if (mode is not (CyclicMode.Triangular or CyclicMode.Triangular2 or CyclicMode.ExpRange))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"mode is not a defined {nameof(CyclicMode)} value.");
        }

        ScheduleArguments.NonNegative(gamma, nameof(gamma));
        var shape = CyclicSchedule.Shape.Create(baseLearningRate, maxLearningRate, stepSizeUp, stepSizeDown, baseMomentum, maxMomentum, mode, gamma, null, mode == CyclicMode.ExpRange ? CyclicScaleMode.Iterations : CyclicScaleMode.Cycle);
        return new CyclicSchedule(shape, cycleMomentum);
    }

    /// <summary>
    /// A cyclical learning rate with a custom amplitude scale (PyTorch <c>CyclicLR(scale_fn=..., scale_mode=...)</c>):
    /// as <see cref="Cyclic(double, double, long, long?, CyclicMode, double, double, double, bool)"/> with
    /// <c>f = scale(c)</c> or <c>f = scale(t)</c>.
    /// </summary>
    /// <param name="baseLearningRate">The lower bound.</param>
    /// <param name="maxLearningRate">The upper bound before scaling.</param>
    /// <param name="scale">The amplitude scale, with values in [0, 1]; it must not allocate if <see cref="At"/> is to stay allocation-free.</param>
    /// <param name="scaleMode">Whether <paramref name="scale"/> receives the cycle number or the step.</param>
    /// <param name="stepSizeUp">Steps in the rising half; default 2000.</param>
    /// <param name="stepSizeDown">Steps in the falling half; default <paramref name="stepSizeUp"/>.</param>
    /// <param name="baseMomentum">The momentum at the learning-rate peak; default 0.8.</param>
    /// <param name="maxMomentum">The momentum at each cycle's start; default 0.9.</param>
    /// <param name="cycleMomentum">
    /// Whether the schedule cycles momentum (PyTorch's <c>cycle_momentum</c>, default true): binding it as a group's
    /// <c>Schedule</c> then binds <see cref="Momentum"/> as the group's momentum schedule, and throws for an optimizer
    /// without momentum or β1 (AdaGrad), as PyTorch raises; false builds it without <see cref="Momentum"/>.
    /// </param>
    /// <returns>The schedule, with its <see cref="Momentum"/> companion unless <paramref name="cycleMomentum"/> is false; no horizon.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scale"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, a step size &lt; 1, or <paramref name="scaleMode"/> is undefined.</exception>
    public static Schedule CyclicCustom(
        double baseLearningRate,
        double maxLearningRate,
        Func<double, double> scale,
        CyclicScaleMode scaleMode,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        double baseMomentum = 0.8,
        double maxMomentum = 0.9,
        bool cycleMomentum = true)
    {
        ArgumentNullException.ThrowIfNull(scale);
        if (scaleMode is not (CyclicScaleMode.Cycle or CyclicScaleMode.Iterations))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleMode), scaleMode, $"scaleMode is not a defined {nameof(CyclicScaleMode)} value.");
        }

        var shape = CyclicSchedule.Shape.Create(baseLearningRate, maxLearningRate, stepSizeUp, stepSizeDown, baseMomentum, maxMomentum, CyclicMode.Triangular, 1, scale, scaleMode);
        return new CyclicSchedule(shape, cycleMomentum);
    }

    /// <summary>
    /// The 1cycle policy (Smith and Topin 2017), exactly as PyTorch's <c>OneCycleLR</c>: from
    /// <c>max/divFactor</c> up to <paramref name="maxLearningRate"/>, then down to <c>max/(divFactor·finalDivFactor)</c>;
    /// with <paramref name="threePhase"/>, up, symmetrically back to the initial value, then down to the minimum.
    /// Phase i ends at the (fractional) step e_i: two phases <c>e = [pct·T − 1, T − 1]</c>, three phases
    /// <c>e = [pct·T − 1, 2·pct·T − 2, T − 1]</c>; step t uses the first phase with t ≤ e_i, at progress
    /// <c>p = (t − e_{i−1})/(e_i − e_{i−1})</c> (e_{−1} = 0). <see cref="Momentum"/> moves inversely:
    /// maxMomentum → baseMomentum → maxMomentum (three phases: and stays at maxMomentum).
    /// Horizon: T − 1, the last step, which uses the minimum.
    /// </summary>
    /// <param name="maxLearningRate">The peak, reached at the end of the first phase.</param>
    /// <param name="totalSteps">T, the number of steps of the cycle.</param>
    /// <param name="pctStart">The fraction of T spent rising; default 0.3.</param>
    /// <param name="annealing"><see cref="Annealing.Cosine"/> (default) or <see cref="Annealing.Linear"/>.</param>
    /// <param name="divFactor">Initial value = max/divFactor; default 25.</param>
    /// <param name="finalDivFactor">Minimum = initial/finalDivFactor; default 1e4.</param>
    /// <param name="threePhase">Whether to use the paper's three phases instead of fastai's two; default false.</param>
    /// <param name="baseMomentum">The momentum at the peak; default 0.85.</param>
    /// <param name="maxMomentum">The momentum at the start and end; default 0.95.</param>
    /// <param name="afterEnd">
    /// Past step T − 1: hold the minimum (default), continue the last phase's curve (PyTorch gives that value for
    /// step T and raises for step T + 1; a linear extrapolation is floored at 0), or throw.
    /// </param>
    /// <param name="cycleMomentum">
    /// Whether the schedule cycles momentum (PyTorch's <c>cycle_momentum</c>, default true): binding it as a group's
    /// <c>Schedule</c> then binds <see cref="Momentum"/> as the group's momentum schedule, and throws for an optimizer
    /// without momentum or β1 (AdaGrad), as PyTorch raises; false builds it without <see cref="Momentum"/>.
    /// </param>
    /// <returns>The schedule, with its <see cref="Momentum"/> companion unless <paramref name="cycleMomentum"/> is false.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, zero where it must be positive, or not finite; a phase would be empty (pct·T ≤ 1, or the last phase has no steps); <paramref name="annealing"/> is not cosine or linear.</exception>
    public static Schedule OneCycle(
        double maxLearningRate,
        long totalSteps,
        double pctStart = 0.3,
        Annealing annealing = Annealing.Cosine,
        double divFactor = 25,
        double finalDivFactor = 1e4,
        bool threePhase = false,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95,
        AfterEnd afterEnd = AfterEnd.Hold,
        bool cycleMomentum = true)
    {
        var shape = OneCycleSchedule.Shape.Create(maxLearningRate, totalSteps, pctStart, annealing, divFactor, finalDivFactor, threePhase, baseMomentum, maxMomentum);
        return new OneCycleSchedule(shape, ScheduleArguments.Policy(afterEnd, nameof(afterEnd)), cycleMomentum);
    }

    /// <summary>
    /// Warmup-stable-decay (Hu et al. 2024, MiniCPM; HF <c>warmup_stable_decay</c>): with W, S, D the phase lengths and
    /// f the fraction of the peak, <c>η = minimum + (learningRate − minimum)·f</c> where f = t/W during warmup,
    /// 1 while stable, and during decay, at p = (t − W − S)/D, <c>1 − p</c> (linear), <c>(1 + cos πp)/2</c> (cosine)
    /// or <c>1 − √p</c> (1-sqrt). Horizon: W + S + D, where the value is <paramref name="minimum"/>.
    /// </summary>
    /// <param name="learningRate">The peak, held during the stable phase.</param>
    /// <param name="warmupSteps">W ≥ 0; the warmup rises linearly from <paramref name="minimum"/>.</param>
    /// <param name="stableSteps">S ≥ 0.</param>
    /// <param name="decaySteps">D ≥ 1.</param>
    /// <param name="decay">The decay shape; default <see cref="Annealing.Cosine"/> (HF's default).</param>
    /// <param name="minimum">The value at step 0 and after the decay (HF <c>min_lr_ratio</c>·lr); default 0.</param>
    /// <param name="afterEnd">Past the horizon: hold <paramref name="minimum"/> (default; continuing is the same) or throw.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, <paramref name="decaySteps"/> &lt; 1, <paramref name="minimum"/> &gt; <paramref name="learningRate"/>, or an enum value is undefined.</exception>
    public static Schedule WarmupStableDecay(
        double learningRate,
        long warmupSteps,
        long stableSteps,
        long decaySteps,
        Annealing decay = Annealing.Cosine,
        double minimum = 0,
        AfterEnd afterEnd = AfterEnd.Hold)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.NonNegative(warmupSteps, nameof(warmupSteps));
        ScheduleArguments.NonNegative(stableSteps, nameof(stableSteps));
        ScheduleArguments.Positive(decaySteps, nameof(decaySteps));
        if (decay is not (Annealing.Cosine or Annealing.Linear or Annealing.OneMinusSqrt))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, $"decay is not a defined {nameof(Annealing)} value.");
        }

        ScheduleArguments.NonNegative(minimum, nameof(minimum));
        if (minimum > learningRate)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"minimum must be <= learningRate ({learningRate}); got {minimum}.");
        }

        if (warmupSteps > long.MaxValue - stableSteps - decaySteps)
        {
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "warmupSteps + stableSteps + decaySteps overflows a long.");
        }

        return new WarmupStableDecaySchedule(learningRate, warmupSteps, stableSteps, decaySteps, decay, minimum, ScheduleArguments.Policy(afterEnd, nameof(afterEnd)));
    }

    /// <summary>
    /// The learning rate of stochastic weight averaging (Izmailov et al. 2018; PyTorch <c>SWALR</c>): an anneal from
    /// <paramref name="learningRate"/> to <paramref name="swaLearningRate"/> over E = <paramref name="annealSteps"/>
    /// steps, then <paramref name="swaLearningRate"/> for good. With <c>α(t) = f(min(t/E, 1))</c>,
    /// <c>f(x) = (1 − cos πx)/2</c> (cosine) or <c>x</c> (linear):
    /// <c>η(t) = swaLearningRate·α + learningRate·(1 − α)</c>, so step 0 uses <paramref name="learningRate"/> and
    /// step E onwards <paramref name="swaLearningRate"/>; E = 0 uses <paramref name="swaLearningRate"/> from step 0.
    /// Horizon: E. The averaged parameters (<see cref="Training.AveragedParameters{T}"/>) are usually collected while it runs;
    /// <see cref="ThenSwaAnneal"/> starts it from whatever another schedule reached.
    /// </summary>
    /// <param name="learningRate">The value at step 0: the rate the anneal starts from (PyTorch: the group's lr when SWALR takes over).</param>
    /// <param name="swaLearningRate">The constant rate of the averaging phase (PyTorch <c>swa_lr</c>).</param>
    /// <param name="annealSteps">E ≥ 0, the length of the anneal (PyTorch <c>anneal_epochs</c>, counted in steps of this schedule); default 10.</param>
    /// <param name="annealing"><see cref="Annealing.Cosine"/> (default, PyTorch <c>"cos"</c>) or <see cref="Annealing.Linear"/>.</param>
    /// <returns>The schedule; <paramref name="swaLearningRate"/> held after the horizon.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is negative or not finite, <paramref name="annealSteps"/> is negative, or <paramref name="annealing"/> is not cosine or linear.</exception>
    public static Schedule SwaAnneal(double learningRate, double swaLearningRate, long annealSteps = 10, Annealing annealing = Annealing.Cosine)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.NonNegative(swaLearningRate, nameof(swaLearningRate));
        ScheduleArguments.NonNegative(annealSteps, nameof(annealSteps));
        if (annealing is not (Annealing.Cosine or Annealing.Linear))
        {
            throw new ArgumentOutOfRangeException(nameof(annealing), annealing, "annealing must be Cosine or Linear.");
        }

        return new SwaAnnealSchedule(learningRate, swaLearningRate, annealSteps, annealing);
    }

    /// <summary>
    /// A schedule given by a function of the step (PyTorch <c>LambdaLR</c> with the base rate folded in; Optax's
    /// "any callable"). The function must be pure, so that resuming needs only the step count.
    /// </summary>
    /// <param name="function">The learning rate of step t; it must return finite, non-negative values, and not allocate if <see cref="At"/> is to stay allocation-free.</param>
    /// <returns>The schedule; no horizon.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Schedule FromFunction(Func<long, double> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new FunctionSchedule(function);
    }

    /// <summary>Wraps any <see cref="ILearningRateSchedule"/> so that it composes (a <see cref="Schedule"/> is returned as is).</summary>
    /// <param name="schedule">The schedule to wrap.</param>
    /// <returns>A schedule with the same values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    public static Schedule From(ILearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule as Schedule ?? new AdapterSchedule(schedule);
    }

    /// <summary>
    /// Joins schedules at milestones (Optax <c>join_schedules</c>, PyTorch <c>SequentialLR</c>): steps
    /// <c>[m_{i−1}, m_i)</c> use <c>pieces[i](t − m_{i−1})</c> (m_{−1} = 0), so each piece sees its own local step,
    /// 0 at its milestone. Each piece applies its own <see cref="AfterEnd"/> policy to its local step.
    /// </summary>
    /// <param name="pieces">The schedules, at least one.</param>
    /// <param name="milestones">The switch steps, one fewer than the pieces, strictly increasing, each ≥ 1.</param>
    /// <returns>The sequence; its horizon is the last milestone plus the last piece's horizon.</returns>
    /// <exception cref="ArgumentNullException">An argument or a piece is null.</exception>
    /// <exception cref="ArgumentException">The counts do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The milestones are not strictly increasing or not positive.</exception>
    public static Schedule Sequence(IReadOnlyList<Schedule> pieces, IReadOnlyList<long> milestones)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(milestones);
        return SequenceSchedule.Create([.. pieces], [.. milestones], nameof(milestones));
    }
}
