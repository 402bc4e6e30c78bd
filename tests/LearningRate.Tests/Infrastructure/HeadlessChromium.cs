using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace LearningRate.Tests.Infrastructure;

/// <summary>
/// Runs Debian's <c>chromium</c> headless on a page written to a temporary folder and returns what the
/// page's script wrote into its <c>&lt;pre id="result"&gt;</c> element (read back through <c>--dump-dom</c>).
/// </summary>
internal static partial class HeadlessChromium
{
    public const string RequireVariable = "LEARNINGRATE_REQUIRE_BROWSER";

    /// <summary>Gets the path of <c>chromium</c> on PATH, or null.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Gets a value indicating whether the environment asks the browser tests to run (and fail without a browser).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Loads <paramref name="body"/> followed by <paramref name="script"/> and returns the text the script left in <c>#result</c>.</summary>
    public static async Task<string> RunAsync(string body, string script)
    {
        var executable = Executable ?? throw new InvalidOperationException($"chromium is not on PATH but {RequireVariable}=1 requires it: apt-get install chromium.");
        var folder = Directory.CreateTempSubdirectory("learningrate-browser-");
        try
        {
            var page = Path.Combine(folder.FullName, "page.html");
            await File.WriteAllTextAsync(page, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n{body}\n<pre id=\"result\"></pre>\n<script>\n{script}\n</script></body></html>");
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] arguments =
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + Path.Combine(folder.FullName, "profile"), "--window-size=1600,1200", "--dump-dom", new Uri(page).AbsoluteUri,
            ];
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish the page within 3 minutes.");
            }

            var dom = await output;
            var match = Result().Match(dom);
            if (process.ExitCode != 0 || !match.Success || match.Groups[1].Value.Length == 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode} without a result from the page's script. Its errors:\n{await errors}");
            }

            return WebUtility.HtmlDecode(match.Groups[1].Value);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser helper still closing a profile file: the temporary folder stays behind.
            }
        }
    }

    private static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "chromium.exe" : "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex("<pre id=\"result\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Result();
}
