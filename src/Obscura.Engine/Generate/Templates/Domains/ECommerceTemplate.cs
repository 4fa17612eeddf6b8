using Obscura.Engine.Generate.Templates.Internal;
using static Obscura.Engine.Generate.Templates.Internal.Specs;

namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>
/// Online shop: customers (<c>users</c>), a category tree (self-reference), products, orders, order lines (composite
/// key: one line per product of an order), product reviews and returns (a composite foreign key to the order line). Vocabularies for electronics,
/// fashion, groceries and books.
/// </summary>
internal static class ECommerceTemplate
{
    public static DomainTemplate Create() => new(
        "ecommerce",
        "online shop: users, categories, products, orders, order lines, reviews, returns",
        [
            new("ecommerce", 3), new("webshop", 3), new("online shop", 3), new("online store", 3), new("eshop", 3), new("estore", 3),
            new("shop", 2), new("store", 2), new("retail", 2), new("retailer", 2), new("marketplace", 2), new("shopping", 2), new("cart", 2),
            new("checkout", 2), new("merchant", 2), new("storefront", 2),
            new("sell", 1), new("selling", 1), new("sales", 1), new("orders", 1), new("products", 1), new("catalog", 1), new("catalogue", 1),
            new("inventory", 1), new("shipping", 1), new("customers", 1), new("buyers", 1),
        ],
        [
            new("general", "a mix of every product line", []),
            new("electronics", "computers, phones, TV and audio, cameras, smart home", [
                new("electronics", 3), new("gadget", 2), new("consumer electronics", 3), new("laptop", 2), new("computer", 2), new("phone", 2),
                new("smartphone", 2), new("tv", 2), new("television", 2), new("audio", 1), new("camera", 2), new("headphone", 2), new("tech", 1),
                new("hardware", 1), new("gaming", 1)]),
            new("fashion", "clothing, shoes, bags and accessories", [
                new("fashion", 3), new("clothing", 3), new("clothes", 3), new("apparel", 3), new("garment", 2), new("shoe", 2), new("footwear", 2),
                new("sneaker", 2), new("wear", 1), new("dress", 2), new("accessories", 1), new("boutique", 1)]),
            new("groceries", "food, drinks and household essentials", [
                new("grocery", 3), new("groceries", 3), new("supermarket", 3), new("food", 2), new("produce", 1), new("beverage", 2),
                new("drinks", 1), new("household", 1), new("organic", 1), new("delivery", 1)]),
            new("books", "fiction, non-fiction, children's and textbooks", [
                new("book", 3), new("bookstore", 3), new("bookshop", 3), new("publisher", 2), new("publishing", 2), new("novel", 2),
                new("ebook", 2), new("literature", 2), new("reading", 1)]),
        ],
        [
            new("users", 1_000),
            new("categories", ECommerceVocabulary.CategoryCount, MaxRows: ECommerceVocabulary.CategoryCount),
            new("products", 200),
            new("orders", 5_000, ScalesWith: "users", Ratio: 5),
            new("order_items", 15_000, ScalesWith: "orders", Ratio: 3),
            new("product_reviews", 1_500, ScalesWith: "orders", Ratio: 0.3),
            new("returns", 600, ScalesWith: "order_items", Ratio: 0.04),
        ],
        Build);

    private static IReadOnlyList<TableBuilder> Build(string? variant, string? locale)
    {
        var vocabulary = ECommerceVocabulary.For(variant);

        var users = new TableBuilder("users")
            .Id("user_id")
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Text("email", 254, false, Template("{first_name}.{last_name}@example.com"))
            .Text("phone", 32, true, Faker("phone", locale, 0.2))
            .Text("street_address", 200, true, Faker("street_address", locale, 0.05))
            .Text("city", 100, true, Faker("city", locale, 0.05))
            .Text("postal_code", 20, true, Faker("postal_code", locale, 0.05))
            .Text("loyalty_tier", 10, false, Weighted(("none", 0.62), ("silver", 0.24), ("gold", 0.11), ("platinum", 0.03)))
            .Boolean("marketing_opt_in", false, Flag(0.38))
            .Timestamp("created_at", false, Dates(2019, 1, 2026, 10))
            .Unique("email")
            .CheckIn("loyalty_tier");

        var categories = new TableBuilder("categories")
            .Id("category_id", 32)
            .Text("name", 80, false, InOrder(vocabulary.Categories))
            .Integer("parent_category_id", 32, true, null)
            .Integer("sort_order", 32, false, Range(1, 100))
            .References("parent_category_id", "categories", "category_id")
            .Check("sort_order", "sort_order BETWEEN 1 AND 1000");

        var products = new TableBuilder("products")
            .Id("product_id")
            .Text("sku", 20, false, Shape("AAA-999999"))
            .Text("name", 200, false, Choice([.. vocabulary.Products]))
            .Text("brand", 60, false, Choice([.. vocabulary.Brands]))
            .Integer("category_id", 32, false, null)
            .Decimal("price", 10, 2, false, Histogram(2, [.. vocabulary.Prices]))
            .Integer("stock_quantity", 32, false, Histogram(0, (0, 1, 0.08), (1, 50, 0.55), (50, 500, 0.32), (500, 5000, 0.05)))
            .Text("status", 20, false, Weighted(("active", 0.86), ("out_of_stock", 0.08), ("discontinued", 0.06)))
            .Decimal("rating_average", 3, 2, true, Histogram(2, (1, 3, 0.1), (3, 4, 0.35), (4, 5, 0.55)) with { NullRatio = 0.15 })
            .Timestamp("created_at", false, Dates(2018, 1, 2026, 10))
            .Unique("sku")
            .References("category_id", "categories", "category_id")
            .Check("price", "price >= 0")
            .Check("stock_quantity", "stock_quantity >= 0")
            .Check("rating_average", "rating_average BETWEEN 1 AND 5")
            .CheckIn("status");

        var orders = new TableBuilder("orders")
            .Id("order_id")
            .Integer("user_id", 64, false, null)
            .Text("status", 20, false, Weighted(("delivered", 0.62), ("shipped", 0.1), ("paid", 0.07), ("pending", 0.06), ("cancelled", 0.1), ("refunded", 0.05)))
            .Text("payment_method", 20, false, Weighted(("card", 0.64), ("paypal", 0.18), ("bank_transfer", 0.06), ("gift_card", 0.04), ("cash_on_delivery", 0.08)))
            .Timestamp("ordered_at", false, Dates(2022, 1, 2026, 10))
            .Text("shipping_city", 100, false, Faker("city", locale))
            .Text("shipping_postal_code", 20, false, Faker("postal_code", locale))
            .Decimal("shipping_fee", 8, 2, false, Weighted(("0", 0.45), ("3.99", 0.25), ("5.99", 0.2), ("9.99", 0.1)))
            .References("user_id", "users", "user_id", FanOut((0, 0.11), (1, 0.15), (2, 0.12), (3, 0.11), (4, 0.1), (5, 0.08), (6, 0.08), (8, 0.1), (10, 0.07), (15, 0.05), (25, 0.03)))
            .Index("ordered_at")
            .CheckIn("status")
            .CheckIn("payment_method")
            .Check("shipping_fee", "shipping_fee >= 0");

        var orderItems = new TableBuilder("order_items")
            .Integer("order_id", 64, false, null)
            .Integer("product_id", 64, false, null)
            .Integer("quantity", 32, false, Histogram(0, (1, 2, 0.68), (2, 3, 0.17), (3, 5, 0.1), (5, 11, 0.05)))
            .Decimal("unit_price", 10, 2, false, Histogram(2, [.. vocabulary.Prices]))
            .Decimal("discount_pct", 5, 2, false, Weighted(("0", 0.7), ("5", 0.08), ("10", 0.1), ("15", 0.05), ("20", 0.05), ("50", 0.02)))
            .PrimaryKey("order_id", "product_id")
            .References("order_id", "orders", "order_id", FanOut((1, 0.3), (2, 0.25), (3, 0.18), (4, 0.12), (5, 0.07), (6, 0.04), (8, 0.03), (10, 0.01)), onDelete: "CASCADE")
            .References("product_id", "products", "product_id")
            .Check("quantity", "quantity BETWEEN 1 AND 100")
            .Check("unit_price", "unit_price >= 0")
            .Check("discount_pct", "discount_pct BETWEEN 0 AND 100");

        var reviews = new TableBuilder("product_reviews")
            .Id("review_id")
            .Integer("product_id", 64, false, null)
            .Integer("user_id", 64, false, null)
            .Integer("rating", 16, false, Weighted(("5", 0.46), ("4", 0.27), ("3", 0.11), ("2", 0.06), ("1", 0.1)))
            .Text("title", 120, true, Words(10, 60, 0.25))
            .Text("body", 2000, true, Words(40, 600, 0.1))
            .Boolean("verified_purchase", false, Flag(0.82))
            .Timestamp("reviewed_at", false, Dates(2022, 1, 2026, 10))
            .References("product_id", "products", "product_id")
            .References("user_id", "users", "user_id")
            .Check("rating", "rating BETWEEN 1 AND 5");

        var returns = new TableBuilder("returns")
            .Id("return_id")
            .Integer("order_id", 64, false, null)
            .Integer("product_id", 64, false, null)
            .Text("reason", 30, false, Weighted(("wrong_size", 0.22), ("damaged", 0.14), ("not_as_described", 0.16), ("changed_mind", 0.3), ("late_delivery", 0.08), ("defective", 0.1)))
            .Text("status", 20, false, Weighted(("requested", 0.12), ("approved", 0.18), ("received", 0.15), ("refunded", 0.5), ("rejected", 0.05)))
            .Decimal("refund_amount", 10, 2, true, Histogram(2, [.. vocabulary.Prices]) with { NullRatio = 0.2 })
            .Timestamp("requested_at", false, Dates(2022, 2, 2026, 10))
            .References(["order_id", "product_id"], "order_items", ["order_id", "product_id"])
            .CheckIn("reason")
            .CheckIn("status")
            .Check("refund_amount", "refund_amount >= 0");

        return [users, categories, products, orders, orderItems, reviews, returns];
    }
}
