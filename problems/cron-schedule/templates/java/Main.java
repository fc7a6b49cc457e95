import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.LocalDateTime;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int q = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < q; i++) {
            String[] f = in.readLine().split(" ");
            LocalDateTime start = LocalDateTime.parse(f[0]);
            int k = Integer.parseInt(f[1]);
            String minute = f[2], hour = f[3], dayOfMonth = f[4], month = f[5], dayOfWeek = f[6];
            // TODO: the first k matching times after start (strictly), before 2100-01-01, then NEVER if fewer
            out.append("NEVER\n");
        }
        System.out.print(out);
    }
}
