import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Map;

/** Invoice.java — the billing service's invoice totals (see the statement for the rules and the tickets). */
public class Main {
    static final Map<String, Long> TAX_PERCENT = Map.of("standard", 20L, "reduced", 7L, "zero", 0L);

    /** cents * percent / 100 in whole cents. */
    static long percentOf(long cents, long percent) {
        return cents * percent / 100;
    }

    static String money(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        long subtotal = 0, taxTotal = 0;
        for (int i = 0; i < n; i++) {
            String[] f = in.readLine().split(" ");
            long gross = Long.parseLong(f[1]) * Long.parseLong(f[2]);
            long tax = percentOf(gross, TAX_PERCENT.get(f[4]));
            long net = gross - percentOf(gross, Long.parseLong(f[3]));
            subtotal += net;
            taxTotal += tax;
            out.append(f[0]).append(' ').append(money(net)).append(' ').append(money(tax)).append('\n');
        }
        String[] s = in.readLine().split(" ");
        long shippingCents = Long.parseLong(s[0]), freeFromCents = Long.parseLong(s[1]);
        long shipping = subtotal > freeFromCents ? 0 : shippingCents;
        out.append("SUBTOTAL ").append(money(subtotal)).append('\n');
        out.append("TAX ").append(money(taxTotal)).append('\n');
        out.append("SHIPPING ").append(money(shipping)).append('\n');
        out.append("TOTAL ").append(money(subtotal + taxTotal + shipping)).append('\n');
        System.out.print(out);
    }
}
