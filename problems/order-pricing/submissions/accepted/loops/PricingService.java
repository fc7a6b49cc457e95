/** Prices orders for the checkout service. */
public class PricingService {
    static final long FREE_SHIPPING_FROM = 5000;
    static final long SHIPPING = 499;

    public Quote quote(Order order) {
        if (order == null || order.lines() == null || order.lines().isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        long subtotal = 0;
        for (OrderLine line : order.lines()) {
            if (line.quantity() < 1 || line.unitPriceCents() < 0) {
                throw new IllegalArgumentException("bad line " + line.sku());
            }
            subtotal = Math.addExact(subtotal, Math.multiplyExact(line.unitPriceCents(), (long) line.quantity()));
        }
        int percent;
        switch (order.customerTier() == null ? "" : order.customerTier()) {
            case "gold": percent = 10; break;
            case "silver": percent = 5; break;
            case "standard": percent = 0; break;
            default: throw new IllegalArgumentException("unknown tier " + order.customerTier());
        }
        long discount = subtotal * percent / 100;
        if ("SAVE5".equals(order.couponCode())) {
            discount = Math.min(subtotal, discount + 500);
        }
        long afterDiscount = subtotal - discount;
        long shipping = afterDiscount >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
        return new Quote(subtotal, discount, shipping, afterDiscount + shipping);
    }
}
