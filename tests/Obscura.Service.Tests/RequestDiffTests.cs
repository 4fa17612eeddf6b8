using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Obscura.Service.Operations;

namespace Obscura.Service.Tests;

/// <summary>The request diff: field-level changes, data-source changes without the password, and the config line diff.</summary>
public sealed class RequestDiffTests
{
    private static DataSourceSnapshot Prod(string host = "db1", string credential = "abc123abc123") => new()
    {
        Id = "ds1", Name = "prod", Kind = "postgres", Host = host, Port = 5432, Database = "crm", Username = "svc", Environment = "PROD",
        Classification = "HRCI", TlsMode = "require", CredentialDigest = credential,
    };

    private static DataSourceSnapshot Dev() => new()
    {
        Id = "ds2", Name = "dev", Kind = "postgres", Host = "db2", Database = "crm_dev", Environment = "DEV", CredentialDigest = "none",
    };

    private static OperationVersionView Version(int number, OperationRequest request, IReadOnlyList<string>? roles = null, DataSourceSnapshot? source = null, DataSourceSnapshot? target = null) => new()
    {
        Version = number, Reason = "created", Fingerprint = "fp" + number, Request = request, RequiredRoles = roles ?? ["DBA"],
        Source = source ?? Prod(), Target = target ?? Dev(), Decisions = [],
    };

    private static readonly OperationRequest Base = new()
    {
        OperationType = "copy_filtered", SourceEnv = "PROD", TargetEnv = "DEV", Tables = ["users", "orders"],
        Filter = new Dictionary<string, string> { ["users"] = "status = 'active'" }, Anonymize = true, ParallelWorkers = 4,
        Config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n",
    };

    [Fact]
    public void Identical_versions_have_no_changes()
    {
        var diff = RequestDiff.Compare(7, Version(1, Base), Version(2, Base), "previous");
        Assert.True(diff.Identical);
        Assert.Empty(diff.Config);
        Assert.Equal((1, 2, "previous"), (diff.From, diff.To, diff.FromBasis));
    }

    [Fact]
    public void The_first_version_has_nothing_to_compare()
    {
        var diff = RequestDiff.Compare(7, null, Version(1, Base), "none");
        Assert.Null(diff.From);
        Assert.Empty(diff.Changes);
    }

    [Fact]
    public void Tables_filters_scalars_roles_and_config_are_reported_one_change_each()
    {
        var changed = Base with
        {
            Tables = ["users", "payments"],
            Filter = new Dictionary<string, string> { ["users"] = "status = 'active' AND country = 'DE'", ["payments"] = "amount > 0" },
            ParallelWorkers = 8,
            ScheduledAt = new DateTimeOffset(2026, 12, 24, 22, 0, 0, TimeSpan.Zero),
            RequiredApprovers = ["MANAGER"],
            Config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n      name: { strategy: faker, kind: name }\n",
        };
        var diff = RequestDiff.Compare(7, Version(1, Base), Version(2, changed, ["DBA", "MANAGER"]), "approved_by_you");
        var changes = diff.Changes.Select(c => (c.Field, c.Change, c.Before, c.After)).ToList();
        Assert.Equal(
        [
            ("tables", "removed", "orders", null),
            ("tables", "added", null, "payments"),
            ("filter.users", "changed", "status = 'active'", "status = 'active' AND country = 'DE'"),
            ("filter.payments", "added", null, "amount > 0"),
            ("parallel_workers", "changed", "4", "8"),
            ("required_approvers", "added", null, "MANAGER"),
            ("scheduled_at", "added", null, "2026-12-24T22:00:00+00:00"),
            ("config", "changed", null, null),
            ("required_roles", "added", null, "MANAGER"),
        ], changes);
        var added = Assert.Single(diff.Config, l => l.Kind == "added");
        Assert.Equal((null, 5, "      name: { strategy: faker, kind: name }"), (added.OldLine, added.NewLine, added.Text));
        Assert.DoesNotContain(diff.Config, l => l.Kind == "removed");
    }

    [Fact]
    public void Going_to_all_tables_is_one_change_and_anonymize_off_removes_the_config()
    {
        var changed = Base with { OperationType = "copy_full", Tables = [], Filter = null, Anonymize = false, Config = null };
        var diff = RequestDiff.Compare(7, Version(1, Base), Version(2, changed), "previous");
        Assert.Contains(new FieldChange("operation_type", "changed", "copy_filtered", "copy_full"), diff.Changes);
        Assert.Contains(new FieldChange("tables", "changed", "users, orders", "all tables"), diff.Changes);
        Assert.Contains(new FieldChange("filter.users", "removed", "status = 'active'", null), diff.Changes);
        Assert.Contains(new FieldChange("anonymize", "changed", "true", "false"), diff.Changes);
        Assert.Contains(new FieldChange("config", "removed", null, null), diff.Changes);
        Assert.All(diff.Config, l => Assert.Equal("removed", l.Kind));
        Assert.Equal(4, diff.Config.Count);
    }

    [Fact]
    public void Data_source_fields_change_one_by_one_and_the_password_only_as_changed()
    {
        var diff = RequestDiff.Compare(7, Version(1, Base), Version(2, Base, source: Prod(host: "db9", credential: "ffffffffffff") with { Classification = "Confidential" }), "approved");
        Assert.Equal(
        [
            new FieldChange("source.host", "changed", "db1", "db9"),
            new FieldChange("source.classification", "changed", "HRCI", "Confidential"),
            new FieldChange("source.password", "changed", null, "changed"),
        ], diff.Changes);
        Assert.DoesNotContain(diff.Changes, c => (c.Before ?? "").Contains("abc123", StringComparison.Ordinal) || (c.After ?? "").Contains("ffff", StringComparison.Ordinal));

        var other = RequestDiff.Compare(7, Version(1, Base), Version(2, Base, target: Dev() with { Id = "ds3", Name = "uat", Environment = "UAT" }), "previous");
        Assert.Equal([new FieldChange("target", "changed", "dev (DEV, postgres)", "uat (UAT, postgres)")], other.Changes);
    }

    [Fact]
    public void Long_unchanged_runs_of_the_config_are_folded_around_the_change()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var after = before.Replace("line 10", "line ten", StringComparison.Ordinal);
        var diff = ConfigLineDiff.Compare(before, after);
        Assert.Equal(["skipped", "unchanged", "unchanged", "unchanged", "removed", "added", "unchanged", "unchanged", "unchanged", "skipped"], diff.Select(l => l.Kind));
        Assert.Equal("6 unchanged lines", diff[0].Text);
        Assert.Equal((10, (int?)null, "line 10"), (diff[4].OldLine!.Value, diff[4].NewLine, diff[4].Text));
        Assert.Equal(((int?)null, 10, "line ten"), (diff[5].OldLine, diff[5].NewLine!.Value, diff[5].Text));
        Assert.Equal("7 unchanged lines", diff[^1].Text);
        Assert.Empty(ConfigLineDiff.Compare("a\nb\n", "a\r\nb"));
    }

    private static Arbitrary<string[]> Texts() =>
        Gen.Elements("tables:", "  users:", "    columns:", "      email: { strategy: hash }", "      name: { strategy: faker }", "", "  orders:")
            .ArrayOf().ToArbitrary();

    /// <summary>Without folding, the old text is the unchanged and removed lines in order, the new text the unchanged and added ones.</summary>
    [Property(MaxTest = 300)]
    public Property Unfolded_diff_rebuilds_both_texts() =>
        Prop.ForAll(Texts(), Texts(), (a, b) =>
        {
            var (before, after) = (string.Join('\n', a), string.Join('\n', b));
            var lines = ConfigLineDiff.Compare(before, after, context: int.MaxValue);
            if (before.TrimEnd('\n') == after.TrimEnd('\n')) return lines.Count == 0;
            var old = string.Join('\n', lines.Where(l => l.Kind is "unchanged" or "removed").Select(l => l.Text));
            var now = string.Join('\n', lines.Where(l => l.Kind is "unchanged" or "added").Select(l => l.Text));
            var numbered = lines.Where(l => l.OldLine is not null).Select(l => l.OldLine!.Value).SequenceEqual(Enumerable.Range(1, lines.Count(l => l.OldLine is not null)));
            return old == before.TrimEnd('\n') && now == after.TrimEnd('\n') && numbered && lines.All(l => l.Kind != "skipped");
        });

    /// <summary>Folding keeps every change and never shows more lines than the unfolded diff.</summary>
    [Property(MaxTest = 300)]
    public Property Folding_keeps_every_change() =>
        Prop.ForAll(Texts(), Texts(), (a, b) =>
        {
            var (before, after) = (string.Join('\n', a), string.Join('\n', b));
            var full = ConfigLineDiff.Compare(before, after, context: int.MaxValue);
            var folded = ConfigLineDiff.Compare(before, after);
            return full.Where(l => l.Kind is "added" or "removed").SequenceEqual(folded.Where(l => l.Kind is "added" or "removed")) && folded.Count <= full.Count;
        });
}
