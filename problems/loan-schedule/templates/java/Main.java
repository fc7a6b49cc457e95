import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Locale;
import java.util.StringTokenizer;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int t = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < t; i++) {
            StringTokenizer st = new StringTokenizer(in.readLine());
            double p = Double.parseDouble(st.nextToken());
            double rate = Double.parseDouble(st.nextToken());
            int n = Integer.parseInt(st.nextToken());
            int m = Integer.parseInt(st.nextToken());
            double payment = 0, balance = 0, paidInterest = 0, totalInterest = 0;
            // TODO: your solution here
            out.append(String.format(Locale.ROOT, "%.6f %.6f %.6f %.6f%n", payment, balance, paidInterest, totalInterest));
        }
        System.out.print(out);
    }
}
