namespace LearningRate.Tests.Infrastructure;

/// <summary>
/// A fact that needs Debian's <c>chromium</c>: skipped, with the reason, when it is not on PATH, unless
/// <c>LEARNINGRATE_REQUIRE_BROWSER=1</c> asks for it, in which case the test runs and fails for want of it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessChromium.Executable is null && !HeadlessChromium.Required)
        {
            Skip = $"chromium is not on PATH (apt-get install chromium); set {HeadlessChromium.RequireVariable}=1 to fail instead of skipping.";
        }
    }
}
