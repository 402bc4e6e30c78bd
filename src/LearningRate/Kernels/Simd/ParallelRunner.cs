using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>
/// Runs one kernel call on several cores: the span is cut into chunks on cache-line boundaries of
/// the parameters, and the calling thread and dedicated workers take chunks until none is left.
/// Nothing is allocated per call: each (element type, operator) pair has one job object per
/// calling thread, reused; the workers are created once and woken through semaphores.
/// </summary>
internal static class ParallelRunner
{
    /// <summary>The default <see cref="KernelParallelism.MinimumLength"/>.</summary>
    public const int DefaultMinimumLength = 1 << 20;

    /// <summary>Bytes per chunk at least: large enough that taking a chunk costs nothing in comparison.</summary>
    private const int MinimumChunkBytes = 256 * 1024;

    /// <summary>Chunks per core: a few, so a core slowed by another process does not hold up the rest.</summary>
    private const int ChunksPerCore = 4;

    private static readonly Lock s_gate = new();
    private static Worker[] s_workers = [];
    private static long s_workerAllocatedBytes;

    [ThreadStatic]
    private static bool t_isWorker;

    /// <summary>Gets the number of calls that ran on several threads, ever (tests check the path was taken).</summary>
    public static long ParallelCalls { get; private set; }

    /// <summary>Gets the bytes the workers have allocated while running chunks, ever (tests assert it stays 0).</summary>
    public static long WorkerAllocatedBytes => Interlocked.Read(ref s_workerAllocatedBytes);

    /// <summary>Tells whether a call of <paramref name="length"/> elements should use several cores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ShouldRun(int length) =>
        length >= KernelParallelism.MinimumLength && KernelParallelism.MaxDegreeOfParallelism > 1;

    /// <summary>
    /// Runs <paramref name="op"/> over <c>[0, length)</c> on several cores; returns false, having
    /// done nothing, when the workers are busy with another thread's call or this is a worker.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe bool TryRun<T, TOp>(in TOp op, int length, ref T parameter, ref T gradient, ref T state0, ref T state1, ref T state2)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        if (!TryAcquire(out var workers))
        {
            return false;
        }

        var ran = false;
        try
        {
            // Pinned for the whole call: the workers address the spans through these pointers.
            fixed (T* p = &parameter, g = &gradient, s0 = &state0, s1 = &state1, s2 = &state2)
            {
                var job = ChunkJob<T, TOp>.ForCurrentThread;
                job.Set(op, length, p, g, s0, s1, s2, workers.Length + 1);
                job.Execute(workers);
            }

            ran = true;
            return true;
        }
        finally
        {
            Release(ran);
        }
    }

    /// <summary>
    /// Takes the workers for one call of the calling thread: false, having taken nothing, when another thread's call
    /// holds them, this is a worker, or the settings leave no worker. After true, <see cref="Release"/> must follow.
    /// </summary>
    public static bool TryAcquire(out Worker[] workers)
    {
        workers = [];
        if (t_isWorker || !s_gate.TryEnter())
        {
            return false;
        }

        try
        {
            workers = EnsureWorkers(KernelParallelism.MaxDegreeOfParallelism - 1);
        }
        catch
        {
            s_gate.Exit();
            throw;
        }

        if (workers.Length == 0)
        {
            s_gate.Exit();
            return false;
        }

        return true;
    }

    /// <summary>Ends a call begun by <see cref="TryAcquire"/>, counting it when its chunks ran.</summary>
    public static void Release(bool ran)
    {
        if (ran)
        {
            ParallelCalls++;
        }

        s_gate.Exit();
    }

    private static Worker[] EnsureWorkers(int count)
    {
        count = Math.Max(count, 0);
        if (s_workers.Length < count)
        {
            var workers = new Worker[count];
            s_workers.CopyTo(workers, 0);
            for (var i = s_workers.Length; i < count; i++)
            {
                workers[i] = new Worker(i);
            }

            s_workers = workers;
        }

        return s_workers.Length == count ? s_workers : s_workers[..count];
    }

    /// <summary>One call's work, shared by the calling thread and the workers.</summary>
    internal abstract class ChunkJob
    {
        private int _nextChunk;
        private int _chunkCount;
        private int _pendingWorkers;

        /// <summary>Runs chunks until none is left; the caller and every worker call this.</summary>
        public void Work()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunkCount)
            {
                RunChunk(chunk);
            }
        }

        public void WorkerDone() => Interlocked.Decrement(ref _pendingWorkers);

        /// <summary>Starts the workers, works alongside them, and returns when every chunk is done.</summary>
        public void Execute(Worker[] workers)
        {
            _nextChunk = 0;
            _pendingWorkers = workers.Length;
            foreach (var worker in workers)
            {
                worker.Start(this);
            }

            Work();
            var spin = default(SpinWait);
            while (Volatile.Read(ref _pendingWorkers) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        protected void SetChunkCount(int count) => _chunkCount = count;

        protected abstract void RunChunk(int chunk);
    }

    /// <summary>The job of one (element type, operator) pair, one instance per calling thread, reused.</summary>
    internal sealed unsafe class ChunkJob<T, TOp> : ChunkJob
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        [ThreadStatic]
        private static ChunkJob<T, TOp>? t_instance;

        private TOp _op;
        private T* _parameter, _gradient, _state0, _state1, _state2;
        private int _length, _chunkLength, _offset;

        public static ChunkJob<T, TOp> ForCurrentThread => t_instance ??= new();

        /// <summary>
        /// Chunk k covers <c>[k·L − offset, (k+1)·L − offset)</c> clipped to the span, where L is a
        /// multiple of 64 bytes and offset is how far the parameters start past a 64-byte boundary:
        /// every inner boundary is cache-line aligned for the parameters (the arrays read and
        /// written most), so no two cores write the same cache line of them.
        /// </summary>
        public void Set(in TOp op, int length, T* p, T* g, T* s0, T* s1, T* s2, int cores)
        {
            var perLine = 64 / sizeof(T);
            var minimum = MinimumChunkBytes / sizeof(T);
            var wanted = Math.Max(minimum, length / (cores * ChunksPerCore));
            _chunkLength = (wanted + perLine - 1) / perLine * perLine;
            _offset = (int)((nuint)p % 64) / sizeof(T);
            _op = op;
            _length = length;
            _parameter = p;
            _gradient = g;
            _state0 = s0;
            _state1 = s1;
            _state2 = s2;
            SetChunkCount((int)(((long)length + _offset + _chunkLength - 1) / _chunkLength));
        }

        protected override void RunChunk(int chunk)
        {
            var start = Math.Max((long)chunk * _chunkLength - _offset, 0);
            var end = Math.Min((long)(chunk + 1) * _chunkLength - _offset, _length);
            var i = (nint)start;
            KernelDriver.RunSerial(
                _op,
                (int)(end - start),
                ref At(_parameter, i),
                ref At(_gradient, i),
                ref At(_state0, i),
                ref At(_state1, i),
                ref At(_state2, i));
        }

        /// <summary>The element at <paramref name="index"/>, or a null reference for an unused span.</summary>
        private static ref T At(T* span, nint index) => ref span is null ? ref Unsafe.NullRef<T>() : ref span[index];
    }

    /// <summary>A dedicated background thread that runs chunks of whatever job it is handed.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Workers live as long as the process.")]
    internal sealed class Worker
    {
        private readonly SemaphoreSlim _start = new(0);
        private ChunkJob? _job;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"LearningRate kernel worker {index + 1}" };
            thread.Start();
        }

        public void Start(ChunkJob job)
        {
            Volatile.Write(ref _job, job);
            _start.Release();
        }

        private void Loop()
        {
            t_isWorker = true;
            while (true)
            {
                _start.Wait();
                var job = Volatile.Read(ref _job)!;
                var before = GC.GetAllocatedBytesForCurrentThread();
                job.Work();
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated != 0)
                {
                    Interlocked.Add(ref s_workerAllocatedBytes, allocated);
                }

                job.WorkerDone();
            }
        }
    }
}
