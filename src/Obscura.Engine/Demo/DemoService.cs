using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Demo;

/// <summary>
/// <c>obscura demo</c>: generates the health-registry SQLite database, anonymizes it into a second SQLite file with
/// the demo config, and returns a before/after sample. Needs no server.
/// </summary>
public sealed class DemoService
{
    /// <summary>The demo's config, written to DIR/obscura.yaml.</summary>
    public const string DemoConfig = """
        # Obscura demo config: anonymize the health registry (reference: docs/config.md, docs/strategies.md).
        tables:
          beneficiary:
            columns:
              ben_reg_id:    { strategy: hash }                          # a key: visit and prescription follow it automatically
              first_name:    { strategy: faker, kind: first_name, locale: en_IND }
              surname:       { strategy: faker, kind: last_name, locale: en_IND }
              date_of_birth: { strategy: date_shift, max_days: 180, entity: ben_reg_id }
              mobile_no:     { strategy: regex, pattern: '\d{5}', replacement: "{digits}" }   # +91 and spacing kept
              aadhar_no:     { strategy: faker, kind: national_id }      # valid Verhoeff check digit
              email:         { strategy: faker, kind: email }
              address:       { strategy: faker, kind: street_address, locale: en_IND }
              pincode:       { strategy: generalize, method: prefix, keep: 3, pad: "0" }
              photo:         { strategy: "null" }
          staff:
            columns:
              full_name:     { strategy: faker, kind: full_name, locale: en_IND }
              email:         { strategy: faker, kind: email }            # unique column: collision-free form
              phone:         { strategy: mask, keep_last: 2 }
          visit:
            columns:
              visit_date:    { strategy: date_shift, max_days: 180, entity: ben_reg_id }   # same offset as the birth date
              notes:         { strategy: "null" }
        """;

    /// <summary>Used when OBSCURA_SECRET is not set, so the demo runs anywhere. Never use it for real data.</summary>
    public const string DemoSecret = "obscura-demo-secret-not-for-real-data";

    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public DemoService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Runs the demo into <paramref name="directory"/> (replacing an earlier demo's files).</summary>
    public async Task<DemoResult> RunAsync(string directory, RunSecret? secret, ICopyProgress? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var sourcePath = Path.Combine(directory, "source.db");
        var targetPath = Path.Combine(directory, "anonymized.db");
        var configPath = Path.Combine(directory, "obscura.yaml");
        foreach (var path in new[] { sourcePath, targetPath })
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
        }
        await File.WriteAllTextAsync(configPath, DemoConfig + Environment.NewLine, cancellationToken).ConfigureAwait(false);

        var sourceUri = DatabaseUri.Parse("sqlite:" + sourcePath);
        var targetUri = DatabaseUri.Parse("sqlite:" + targetPath);
        progress?.Phase("generating the health-registry source database");
        IReadOnlyDictionary<string, long> generated;
        await using (var source = _runtime.Connect(sourceUri))
        {
            await source.Provider.EnsureDatabaseAsync(sourceUri, cancellationToken).ConfigureAwait(false);
            generated = await new HealthRegistryGenerator().LoadAsync(source, cancellationToken).ConfigureAwait(false);
        }

        var result = await new CopyService(_runtime).RunAsync(new CopyOptions
        {
            Source = sourceUri,
            Target = targetUri,
            Config = ConfigLoader.LoadFile(configPath),
            Secret = secret ?? RunSecret.FromText(DemoSecret),
            Jobs = 1,
        }, progress, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "run-summary.json"), result.Summary.ToJson(), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) return new DemoResult(directory, generated, result, [], []);

        const string sample = """
            SELECT b.ben_reg_id, b.first_name || ' ' || b.surname AS name, b.date_of_birth AS born, b.mobile_no, b.aadhar_no,
                   (SELECT COUNT(*) FROM visit v WHERE v.ben_reg_id = b.ben_reg_id) AS visits
            FROM beneficiary b ORDER BY b.rowid LIMIT 5
            """;
        var before = await QueryAsync(sourceUri, sample, cancellationToken).ConfigureAwait(false);
        var after = await QueryAsync(targetUri, sample, cancellationToken).ConfigureAwait(false);
        return new DemoResult(directory, generated, result, before, after);
    }

    private async Task<IReadOnlyList<IReadOnlyList<string>>> QueryAsync(DatabaseUri uri, string sql, CancellationToken ct)
    {
        await using var endpoint = _runtime.Connect(uri);
        await using var conn = await endpoint.OpenAsync(ct).ConfigureAwait(false);
        await using var reader = await endpoint.Provider.ReadAsync(conn, sql, ct).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<string>>();
        var header = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++) header.Add(reader.GetName(i));
        rows.Add(header);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new List<string>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++) row.Add(reader.IsDBNull(i) ? "NULL" : Core.Schema.ValueCoercion.ToText(reader.GetValue(i)));
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>What the demo produced. <see cref="Before"/> and <see cref="After"/> start with a header row.</summary>
public sealed record DemoResult(
    string Directory,
    IReadOnlyDictionary<string, long> GeneratedRows,
    CopyResult Copy,
    IReadOnlyList<IReadOnlyList<string>> Before,
    IReadOnlyList<IReadOnlyList<string>> After);
