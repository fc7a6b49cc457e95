import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

public class Main {
    /** Splits one CSV line into its fields. TODO: handle quoted fields ("a, b" and "" escapes). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (char c : line.toCharArray()) {
            if (c == ',') { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        in.readLine(); // header
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            List<String> f = fields(line);
            // TODO: aggregate per region (money in integer cents)
        }
        // TODO: print "REGION,ORDERS,UNITS,REVENUE" lines, then the TOTAL line
    }
}
