namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>
/// Product lines of the e-commerce template: 24 category names, product names, brands (invented) and a price shape per
/// line. Written for this project.
/// </summary>
internal sealed record ECommerceVocabulary(
    string Name,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> Brands,
    IReadOnlyList<(double Low, double High, double Weight)> Prices)
{
    public const int CategoryCount = 24;

    public static readonly ECommerceVocabulary Electronics = new(
        "electronics",
        ["Computers", "Laptops", "Desktop PCs", "Monitors", "Computer Accessories", "Phones & Tablets", "Smartphones", "Tablets",
         "Phone Accessories", "TV & Home Cinema", "Televisions", "Soundbars", "Projectors", "Audio", "Headphones", "Bluetooth Speakers",
         "Turntables", "Cameras", "Mirrorless Cameras", "Action Cameras", "Smart Home", "Smart Lighting", "Wearables", "Gaming"],
        ["Aero 14 Ultrabook 16 GB / 512 GB", "Aero 16 Creator Laptop 32 GB / 1 TB", "Strider 15 Gaming Laptop", "Slate 13 2-in-1 Laptop",
         "Tower M5 Desktop PC", "Mini Cube Desktop", "27-inch QHD IPS Monitor", "34-inch Curved Ultrawide Monitor", "24-inch Full HD Office Monitor",
         "Mechanical Keyboard (Brown Switches)", "Wireless Ergonomic Mouse", "USB-C Docking Station 11-in-1", "1 TB Portable SSD", "4 TB External Hard Drive",
         "Pulse 6 Smartphone 128 GB", "Pulse 6 Pro Smartphone 256 GB", "Lite 5 Smartphone 64 GB", "Canvas 11 Tablet Wi-Fi", "Canvas 12.9 Tablet 5G",
         "65 W GaN USB-C Charger", "MagSafe-Compatible Clear Case", "Tempered Glass Screen Protector (2-pack)", "55-inch 4K LED Smart TV",
         "65-inch 4K OLED TV", "43-inch Full HD Smart TV", "3.1 Channel Soundbar with Subwoofer", "Compact 2.0 Soundbar", "Full HD Portable Projector",
         "Over-Ear Noise-Cancelling Headphones", "True Wireless Earbuds", "Open-Back Studio Headphones", "Waterproof Bluetooth Speaker",
         "Party Speaker with Lights", "Belt-Drive Turntable", "24 MP Mirrorless Camera Body", "Mirrorless Kit with 18-55 mm Lens", "4K Action Camera",
         "Compact Vlogging Camera", "Smart Wi-Fi Plug (4-pack)", "Video Doorbell", "Indoor Security Camera 2K", "Smart LED Bulb E27 (3-pack)",
         "LED Light Strip 5 m", "Fitness Tracker Band", "GPS Running Watch", "Smartwatch 44 mm", "Wireless Game Controller", "Gaming Headset 7.1",
         "Handheld Game Console", "HDMI 2.1 Cable 2 m", "Wi-Fi 6 Mesh Router (3-pack)", "20000 mAh Power Bank"],
        ["Voltaris", "Kestrel", "Luminex", "Orbitron", "Pixelwave", "Nordvik", "Sonara", "Quarkline", "Heliant", "Brightfield", "Zentro", "Aerolite", "Calderon", "Makora"],
        [(9, 50, 0.27), (50, 200, 0.35), (200, 800, 0.26), (800, 2500, 0.12)]);

    public static readonly ECommerceVocabulary Fashion = new(
        "fashion",
        ["Women", "Men", "Kids", "Dresses", "Tops & T-Shirts", "Knitwear", "Jeans", "Trousers", "Skirts", "Jackets & Coats", "Suits & Tailoring",
         "Activewear", "Swimwear", "Nightwear", "Shoes", "Sneakers", "Boots", "Sandals", "Bags", "Backpacks", "Accessories", "Belts",
         "Scarves & Hats", "Jewellery"],
        ["Linen Wrap Dress", "Floral Midi Dress", "Satin Slip Dress", "Organic Cotton Crew T-Shirt", "Relaxed Oxford Shirt", "Striped Breton Top",
         "Merino Crew-Neck Jumper", "Chunky Cable Cardigan", "Slim Fit Stretch Jeans", "High-Rise Straight Jeans", "Wide-Leg Linen Trousers",
         "Pleated Chino Trousers", "A-Line Denim Skirt", "Pleated Midi Skirt", "Quilted Puffer Jacket", "Wool-Blend Overcoat", "Waxed Field Jacket",
         "Two-Piece Wool Suit", "Tailored Blazer", "Seamless Running Leggings", "Lightweight Training Shorts", "Zip-Up Fleece", "Recycled Swimsuit",
         "Board Shorts", "Cotton Pyjama Set", "Leather Chelsea Boots", "Suede Desert Boots", "Retro Court Sneakers", "Knit Running Sneakers",
         "Leather Slide Sandals", "Canvas Tote Bag", "Crossbody Saddle Bag", "Roll-Top Backpack", "Reversible Leather Belt", "Ribbed Beanie",
         "Wool Check Scarf", "Sterling Silver Hoop Earrings", "Pearl Pendant Necklace", "Kids' Hooded Raincoat", "Kids' Light-Up Sneakers"],
        ["Northbay", "Atelier Lumo", "Fernhill", "Saltmarsh", "Corvina", "Hollis & Vane", "Urbano", "Wildthread", "Kinfolk Denim", "Marlowe"],
        [(5, 25, 0.3), (25, 60, 0.4), (60, 150, 0.22), (150, 400, 0.08)]);

    public static readonly ECommerceVocabulary Groceries = new(
        "groceries",
        ["Fresh Produce", "Fruit", "Vegetables", "Bakery", "Dairy & Eggs", "Cheese", "Meat & Poultry", "Fish & Seafood", "Pantry", "Pasta & Rice",
         "Canned Goods", "Breakfast & Cereal", "Snacks", "Confectionery", "Beverages", "Coffee & Tea", "Juices", "Frozen Foods", "Household",
         "Cleaning", "Baby Care", "Personal Care", "Pet Food", "Organic"],
        ["Free-Range Eggs (12)", "Whole Milk 1 L", "Oat Drink 1 L", "Greek-Style Yoghurt 500 g", "Mature Cheddar 400 g", "Unsalted Butter 250 g",
         "Sourdough Loaf 800 g", "Wholemeal Sandwich Bread", "Butter Croissants (4)", "Bananas (bunch)", "Braeburn Apples 1 kg", "Seedless Grapes 500 g",
         "Avocados (2)", "Baby Spinach 200 g", "Vine Tomatoes 500 g", "Carrots 1 kg", "Chicken Breast Fillets 500 g", "Beef Mince 5% Fat 500 g",
         "Salmon Fillets (2)", "Frozen Peas 1 kg", "Margherita Pizza", "Spaghetti 500 g", "Basmati Rice 1 kg", "Chopped Tomatoes 400 g",
         "Chickpeas 400 g", "Rolled Oats 1 kg", "Crunchy Granola 500 g", "Sea Salt Crisps 150 g", "Dark Chocolate 70% 100 g", "Salted Peanuts 200 g",
         "Sparkling Water 6 x 1.5 L", "Orange Juice 1 L", "Ground Coffee 250 g", "Green Tea (40 bags)", "Laundry Liquid 1.5 L", "Washing-Up Liquid 500 ml",
         "Kitchen Roll (4)", "Baby Wipes (3 x 64)", "Toothpaste 75 ml", "Dry Dog Food 2 kg", "Organic Honey 340 g", "Extra Virgin Olive Oil 500 ml"],
        ["Greenacre", "Harvest Table", "Daily Basket", "Millbrook", "Sunfield", "Blue Harbour", "Oak & Ember", "Pure Valley", "Homestead"],
        [(0.5, 3, 0.45), (3, 8, 0.35), (8, 20, 0.15), (20, 60, 0.05)]);

    public static readonly ECommerceVocabulary Books = new(
        "books",
        ["Fiction", "Crime & Thriller", "Science Fiction", "Fantasy", "Romance", "Historical Fiction", "Literary Fiction", "Non-Fiction", "Biography",
         "History", "Science", "Business & Economics", "Self-Help", "Cookery", "Travel", "Children's Books", "Young Adult", "Comics & Graphic Novels",
         "Poetry", "Art & Photography", "Computing", "Languages", "Health & Fitness", "Textbooks"],
        ["The Salt Road (Paperback)", "A Map of Quiet Rivers", "Nine Winters in Varna", "The Lighthouse Accounts", "Under a Copper Sky",
         "The Cartographer's Daughter", "Glass Orchards", "Signal from Kepler Station", "The Last Archive of Meridian", "Ashes of the Tidewater King",
         "The Orchard Murders", "Cold Harbour: A Detective Novel", "Letters to a Young Gardener", "A Short History of Bridges", "The Quiet Economy",
         "Thinking in Systems for Managers", "Bread, Salt and Olive Oil: A Cookbook", "Weeknight Vegetarian", "Walking the Northern Coast",
         "The Practical Guide to SQL", "Clean Pipelines: Data Engineering in Practice", "Learn Spanish in 90 Days", "The Sleep Handbook",
         "Strength After Forty", "Poems for the Night Train", "Photographing Light", "The Brave Little Kite", "Max and the Moon Map",
         "Starling Academy (Young Adult)", "The Iron Courier: Graphic Novel", "An Atlas of Forgotten Islands", "The Mathematics of Everyday Things",
         "Rivers of the Ancient World", "Lives of the Lamplighters", "Calculus: A First Course (3rd ed.)", "Introduction to Microeconomics"],
        ["Harbour Lane Press", "Bellwether Books", "Inkstone Publishing", "Marigold House", "Northlight Editions", "Quill & Compass", "Redfern Academic"],
        [(4, 10, 0.35), (10, 20, 0.45), (20, 40, 0.15), (40, 120, 0.05)]);

    /// <summary>A bit of every line (six categories of each), for contexts that name no product line.</summary>
    public static readonly ECommerceVocabulary General = new(
        "general",
        [.. Electronics.Categories.Take(6), .. Fashion.Categories.Take(6), .. Groceries.Categories.Take(6), .. Books.Categories.Take(6)],
        [.. Electronics.Products, .. Fashion.Products, .. Groceries.Products, .. Books.Products],
        [.. Electronics.Brands, .. Fashion.Brands, .. Groceries.Brands, .. Books.Brands],
        [(1, 20, 0.35), (20, 100, 0.4), (100, 500, 0.18), (500, 2000, 0.07)]);

    public static ECommerceVocabulary For(string? variant) => variant switch
    {
        "electronics" => Electronics,
        "fashion" => Fashion,
        "groceries" => Groceries,
        "books" => Books,
        _ => General,
    };
}
