using OpenCodeSync.Config;
using OpenCodeSync.Hosting;
using OpenCodeSync.Http;
using OpenCodeSync.Journal;

namespace OpenCodeSync.Delivery;

/// <summary>
/// The side effects delivery works through. The composition root (<c>Cli/CliContext</c>) hands them over, so
/// delivery names its ports and nothing above it; tests replace the journal, the HTTP client and the pacing.
/// </summary>
public sealed record DeliveryHost(
    AppPaths Paths,
    IEnvironment Env,
    IClock Clock,
    FileLog Log,
    ConfigStore Config,
    DeliveryOptions Options,
    Func<AppPaths, IJournalSource> OpenJournal,
    Func<HttpPolicy, HttpClient> Http);
