import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int t = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < t; c++) {
            StringTokenizer st = new StringTokenizer(in.readLine());
            double p = Double.parseDouble(st.nextToken());
            double r = Double.parseDouble(st.nextToken()) / 1200.0;
            int n = Integer.parseInt(st.nextToken());
            int m = Integer.parseInt(st.nextToken());
            double payment, balance;
            if (r == 0.0) {
                payment = p / n;
                balance = p - payment * m;
            } else {
                double growth = Math.pow(1.0 + r, m);
                payment = p * r / (1.0 - Math.pow(1.0 + r, -n));
                balance = p * growth - payment * (growth - 1.0) / r;
            }
            double paidInterest = payment * m - (p - balance);
            out.append(String.format(java.util.Locale.ROOT, "%.6f %.6f %.6f %.6f%n",
                    payment, balance, paidInterest, payment * n - p));
        }
        System.out.print(out);
    }
}
