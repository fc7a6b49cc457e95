/** One line of an order: a product, its unit price in cents and how many. */
public record OrderLine(String sku, long unitPriceCents, int quantity) {}
