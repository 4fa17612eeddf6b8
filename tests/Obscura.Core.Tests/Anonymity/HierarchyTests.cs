using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Core.Tests.Anonymity;

public sealed class HierarchyTests
{
    [Fact]
    public void Leaves_are_numbered_depth_first_so_siblings_are_adjacent()
    {
        var bag = new DiagnosticBag();
        // Siblings interleaved in the file: depth-first order groups them.
        var h = Hierarchy.Parse("h", ["a;left;*", "c;right;*", "b;left;*", "d;right;*"], bag);
        Assert.False(bag.HasErrors);
        Assert.Equal(["a", "b", "c", "d"], h.Leaves);
        Assert.Equal(3, h.Height);
        Assert.Equal("left", h.Label(h.LeafOf("a"), h.LeafOf("b")));
        Assert.Equal("*", h.Label(h.LeafOf("b"), h.LeafOf("c")));
        Assert.Equal("c", h.Label(2, 2));
        Assert.Equal(-1, h.LeafOf("e"));
    }

    [Fact]
    public void Loss_is_leaves_under_the_label_minus_one_over_leaves_minus_one()
    {
        var h = AnonymityTestData.Jobs();
        Assert.Equal(0, h.Loss(0, 0));
        Assert.Equal(1 / 5.0, h.Loss(h.LeafOf("nurse"), h.LeafOf("doctor")), 6);
        Assert.Equal(1.0, h.Loss(h.LeafOf("nurse"), h.LeafOf("typist")), 6);
        Assert.Equal(2, h.LeafCount("office"));
        Assert.Equal((h.LeafOf("teacher"), h.LeafOf("lecturer")), h.Covering("education"));
        Assert.Equal("health", h.LabelAt(h.LeafOf("doctor"), 1));
    }

    [Fact]
    public void A_label_under_two_parents_is_two_nodes()
    {
        var bag = new DiagnosticBag();
        var h = Hierarchy.Parse("h", ["a;x;p;*", "b;x;q;*", "c;y;q;*"], bag);
        Assert.False(bag.HasErrors);
        Assert.Equal("*", h.Label(h.LeafOf("a"), h.LeafOf("b")));
        Assert.Equal("q", h.Label(h.LeafOf("b"), h.LeafOf("c")));
    }

    [Fact]
    public void Errors_name_the_line_and_never_the_value()
    {
        var bag = new DiagnosticBag();
        Hierarchy.Parse("h.csv", ["secret-a;g;*", "secret-b;*", "secret-a;g;*", "", "secret-c;g;top"], bag);
        var errors = bag.Items.Where(d => d.Severity == Severity.Error).ToList();
        Assert.Contains(errors, e => e.Line == 2 && e.Code == DiagnosticCodes.HierarchyInvalid && e.Message.Contains("levels"));
        Assert.Contains(errors, e => e.Line == 3 && e.Message.Contains("repeats line 1"));
        Assert.Contains(errors, e => e.Message.Contains("one common top"));
        Assert.All(errors, e => Assert.DoesNotContain("secret", e.ToString()));
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var bag = new DiagnosticBag();
        Hierarchy.Parse("h.csv", [], bag);
        Assert.True(bag.HasErrors);
    }

    [Fact]
    public void Numeric_domain_labels_ranges_and_reads_them_back()
    {
        var d = AnonymityTestData.Ages([30, 20, 40, 25]);
        Assert.Equal(4, d.Size);
        Assert.Equal("20-30", d.Label(0, 2));
        Assert.Equal("25", d.Label(1, 1));
        Assert.Equal(0.5, d.Loss(0, 2), 9);
        Assert.Equal((20.0, 30.0), NumericDomain.ParseLabel("20-30"));
        Assert.Equal((-5.0, -1.0), NumericDomain.ParseLabel("-5--1"));
        Assert.Equal((7.5, 7.5), NumericDomain.ParseLabel("7.5"));
        Assert.Null(NumericDomain.ParseLabel("abc"));
    }

    [Fact]
    public void Numeric_full_domain_levels_double_the_interval_until_one_holds_everything()
    {
        var d = AnonymityTestData.Ages([20, 21, 22, 23, 27]);
        // Widths 2, 4, 8: [20,21] [22,23] [27]; [20..23] [27]; [20..27].
        Assert.Equal(4, d.Levels);
        Assert.Equal("20-21", d.LabelAt(1, 1));
        Assert.Equal("27", d.LabelAt(4, 1));
        Assert.Equal("20-23", d.LabelAt(2, 2));
        Assert.Equal("20-27", d.LabelAt(0, 3));
        Assert.Equal(1.0, d.LossAt(0, 3), 9);
        Assert.Equal((2, 3), d.GroupAt(3, 1));
    }
}
