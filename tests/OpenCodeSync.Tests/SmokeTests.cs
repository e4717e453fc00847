using System.Text.Json;
using OpenCodeSync.Json;
using OpenCodeSync.OpenSync;

namespace OpenCodeSync.Tests;

public class JsonContractTests
{
    [Test]
    public async Task Session_record_omits_nulls_and_uses_camel_case()
    {
        var json = JsonSerializer.Serialize(new SessionRecord { ExternalId = "ses_1", Title = "t" }, AppJson.Default.SessionRecord);
        await Assert.That(json).IsEqualTo("""{"externalId":"ses_1","title":"t","source":"opencode"}""");
    }
}
