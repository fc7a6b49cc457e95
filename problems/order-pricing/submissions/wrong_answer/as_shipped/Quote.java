/** What the customer pays, in cents. */
public record Quote(long subtotalCents, long discountCents, long shippingCents, long totalCents) {}
